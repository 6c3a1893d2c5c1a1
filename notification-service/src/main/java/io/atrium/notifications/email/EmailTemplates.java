package io.atrium.notifications.email;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.atrium.notifications.NotificationProperties;
import io.atrium.notifications.inbox.Intent;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Renders emails from the Mustache templates in {@code templates/email/} (plain text, no HTML escaping). */
@Component
class EmailTemplates {

    private final Template notification;
    private final Template digest;
    private final NotificationProperties properties;

    EmailTemplates(NotificationProperties properties) {
        this.properties = properties;
        Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");
        this.notification = compile(compiler, "notification");
        this.digest = compile(compiler, "digest");
    }

    String notification(String recipient, Intent intent) {
        Map<String, Object> model = new HashMap<>();
        model.put("recipient", recipient);
        model.put("title", intent.title());
        model.put("body", intent.body());
        model.put("url", url(intent.link()));
        model.put("preferencesUrl", preferencesUrl());
        return notification.execute(model);
    }

    /** One line per notification: title, body and link. */
    record DigestItem(String title, String body, String url) {}

    String digest(String recipient, List<DigestItem> items) {
        Map<String, Object> model = new HashMap<>();
        model.put("recipient", recipient);
        model.put("count", items.size());
        model.put("one", items.size() == 1);
        model.put("items", items);
        model.put("preferencesUrl", preferencesUrl());
        return digest.execute(model);
    }

    /** The web app's page of a linked record, e.g. {@code <app-url>/deals/<id>}. */
    String url(Intent.Link link) {
        if (link == null) {
            return null;
        }
        String path =
                switch (link.type()) {
                    case "webhook-subscription" -> "/settings/webhooks/";
                    case "activity" -> "/activities/";
                    default -> "/" + link.type() + "s/";
                };
        return properties.appUrl() + path + link.id();
    }

    private String preferencesUrl() {
        return properties.appUrl() + "/settings/notifications";
    }

    private static Template compile(Mustache.Compiler compiler, String name) {
        try (Reader reader = new InputStreamReader(
                new ClassPathResource("templates/email/" + name + ".mustache").getInputStream(),
                StandardCharsets.UTF_8)) {
            return compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
