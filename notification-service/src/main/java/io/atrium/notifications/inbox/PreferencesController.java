package io.atrium.notifications.inbox;

import io.atrium.notifications.Channel;
import io.atrium.notifications.NotificationProperties;
import io.atrium.notifications.NotificationType;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.ProblemException.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's notification preferences: a daily digest, and per notification type the channels (in-app, email). A
 * type the caller has not chosen for uses its rule's defaults; a rule switched off in configuration sends nothing
 * whatever anyone chose. The email address and the time zone (the digest's hour is in it) are shown as the directory
 * has them, and are changed there: a write may send them back unchanged, not change them.
 */
@Tag(
        name = "Notification preferences",
        description = "Which notifications the caller gets, on which channels (in-app, email), and their daily digest.")
@RestController
@RequestMapping("/api/v1/notifications/preferences")
@PreAuthorize(Roles.READ)
class PreferencesController {

    private final Preferences preferences;
    private final Recipients recipients;
    private final NotificationProperties properties;

    PreferencesController(Preferences preferences, Recipients recipients, NotificationProperties properties) {
        this.preferences = preferences;
        this.recipients = recipients;
        this.properties = properties;
    }

    public record PreferencesView(String email, DigestView digest, Map<String, TypeView> types) {}

    public record DigestView(boolean enabled, int hour, String zone) {}

    /** @param enabled whether the rule is on (configuration); @param chosen whether these are the caller's own */
    public record TypeView(boolean enabled, List<Channel> channels, boolean chosen) {}

    /**
     * A replacement of the caller's preferences; absent parts fall back to the defaults. {@code email} and
     * {@code digest.zone} may be left out or sent back as shown: they are the directory's.
     */
    public record PreferencesUpdate(String email, DigestUpdate digest, Map<String, ChoiceUpdate> types) {}

    public record DigestUpdate(Boolean enabled, Integer hour, String zone) {}

    public record ChoiceUpdate(List<String> channels) {}

    @Operation(operationId = "getNotificationPreferences", summary = "Get my notification preferences")
    @GetMapping
    PreferencesView get() {
        return view(CurrentActor.name());
    }

    @Operation(
            operationId = "replaceNotificationPreferences",
            summary = "Replace my notification preferences",
            description = "Absent parts fall back to the defaults.")
    @PutMapping
    @Transactional
    PreferencesView replace(@RequestBody PreferencesUpdate update) {
        String user = CurrentActor.name();
        Optional<Recipient> person = recipients.find(user);
        List<FieldProblem> problems = new ArrayList<>();
        // The address and the time zone are the directory's: a value sent back unchanged is fine, another one is not
        // this service's to keep.
        String email = person.map(Recipient::email).orElse(null);
        if (update.email() != null && !update.email().equalsIgnoreCase(email)) {
            problems.add(new FieldProblem(
                    "email",
                    "is your address in the directory" + (email == null ? "" : " (" + email + ")")
                            + "; change it there"));
        }
        DigestUpdate digest = update.digest() == null ? new DigestUpdate(false, 8, null) : update.digest();
        int hour = digest.hour() == null ? 8 : digest.hour();
        if (hour < 0 || hour > 23) {
            problems.add(new FieldProblem("digest.hour", "must be between 0 and 23"));
        }
        String zone = zone(person);
        if (digest.zone() != null && !digest.zone().equals(zone)) {
            problems.add(new FieldProblem(
                    "digest.zone", "is your time zone in the directory (" + zone + "); change it there"));
        }
        Map<NotificationType, Set<Channel>> choices = new LinkedHashMap<>();
        Map<String, ChoiceUpdate> types = update.types() == null ? Map.of() : update.types();
        types.forEach((wire, choice) -> {
            NotificationType type = NotificationType.ofWire(wire);
            if (type == null) {
                problems.add(new FieldProblem("types." + wire, "is not a notification type"));
                return;
            }
            if (choice == null || choice.channels() == null) {
                problems.add(new FieldProblem("types." + wire + ".channels", "must be a list of in-app and email"));
                return;
            }
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            for (int i = 0; i < choice.channels().size(); i++) {
                String channel = choice.channels().get(i);
                if ("in-app".equals(channel)) {
                    channels.add(Channel.IN_APP);
                } else if ("email".equals(channel)) {
                    channels.add(Channel.EMAIL);
                } else {
                    problems.add(new FieldProblem("types." + wire + ".channels[" + i + "]", "must be in-app or email"));
                }
            }
            choices.put(type, channels);
        });
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
        recipients.setDigest(user, Boolean.TRUE.equals(digest.enabled()), hour);
        preferences.replace(user, choices);
        return view(user);
    }

    private PreferencesView view(String user) {
        Optional<Recipient> person = recipients.find(user);
        Map<NotificationType, Set<Channel>> chosen = preferences.chosen(user);
        Map<String, TypeView> types = new TreeMap<>();
        for (NotificationType type : NotificationType.values()) {
            NotificationProperties.Rule rule = properties.rule(type);
            Set<Channel> channels = chosen.getOrDefault(type, rule.channels());
            types.put(
                    type.wire(),
                    new TypeView(rule.enabled(), channels.stream().sorted().toList(), chosen.containsKey(type)));
        }
        Recipient.Digest digest = recipients.digest(user);
        return new PreferencesView(
                person.map(Recipient::email).orElse(null),
                new DigestView(digest.enabled(), digest.hour(), zone(person)),
                types);
    }

    private static String zone(Optional<Recipient> person) {
        return person.map(p -> p.zone().getId()).orElse("UTC");
    }
}
