package io.atrium.notifications.webhook;

import io.atrium.platform.web.Versioned;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An external system's subscription to events, with its signing secrets. */
final class Subscription {

    private final UUID id;
    private URI url;
    private String description;
    private EventSelector selector;
    private String secret;
    private String previousSecret;
    private Instant previousSecretExpiresAt;
    private boolean active;
    private String disabledReason;
    private Instant disabledAt;
    private long version;
    private final String createdBy;
    private final Instant createdAt;
    private Instant updatedAt;

    Subscription(
            UUID id,
            URI url,
            String description,
            EventSelector selector,
            String secret,
            String previousSecret,
            Instant previousSecretExpiresAt,
            boolean active,
            String disabledReason,
            Instant disabledAt,
            long version,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {
        this.id = id;
        this.url = url;
        this.description = description;
        this.selector = selector;
        this.secret = secret;
        this.previousSecret = previousSecret;
        this.previousSecretExpiresAt = previousSecretExpiresAt;
        this.active = active;
        this.disabledReason = disabledReason;
        this.disabledAt = disabledAt;
        this.version = version;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    static Subscription create(
            URI url, String description, EventSelector selector, boolean active, String by, Instant now) {
        return new Subscription(
                UUID.randomUUID(),
                url,
                description,
                selector,
                Signatures.newSecret(),
                null,
                null,
                active,
                null,
                null,
                1,
                by,
                now,
                now);
    }

    void change(URI url, String description, EventSelector selector, Boolean active, Instant now) {
        if (url != null) {
            this.url = url;
        }
        if (description != null) {
            this.description = description;
        }
        if (selector != null) {
            this.selector = selector;
        }
        if (active != null && active != this.active) {
            this.active = active;
            if (active) {
                disabledReason = null;
                disabledAt = null;
            }
        }
        touch(now);
    }

    /** A new secret; the current one keeps signing, beside it, until {@code overlap} has passed. */
    String rotateSecret(Duration overlap, Instant now) {
        previousSecret = secret;
        previousSecretExpiresAt = now.plus(overlap);
        secret = Signatures.newSecret();
        touch(now);
        return secret;
    }

    /** Stops deliveries after persistent failure; an admin turns it back on. */
    boolean disable(String reason, Instant now) {
        if (!active) {
            return false;
        }
        active = false;
        disabledReason = reason;
        disabledAt = now;
        touch(now);
        return true;
    }

    /** The secrets that sign a delivery now: the current one, and the previous one during a rotation's overlap. */
    List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    private void touch(Instant now) {
        version++;
        updatedAt = now;
    }

    UUID id() {
        return id;
    }

    URI url() {
        return url;
    }

    /**
     * Scheme, host and port of the URL, for logs: a receiver's path and query often carry its own token, so logs never
     * show them (the subscription id identifies it).
     */
    String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    String description() {
        return description;
    }

    EventSelector selector() {
        return selector;
    }

    String secret() {
        return secret;
    }

    String previousSecret() {
        return previousSecret;
    }

    Instant previousSecretExpiresAt() {
        return previousSecretExpiresAt;
    }

    boolean active() {
        return active;
    }

    String disabledReason() {
        return disabledReason;
    }

    Instant disabledAt() {
        return disabledAt;
    }

    long version() {
        return version;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    SubscriptionView view() {
        return new SubscriptionView(
                id,
                url.toString(),
                description,
                selector.eventTypes(),
                selector.filters(),
                active,
                disabledReason,
                disabledAt,
                previousSecretExpiresAt,
                version,
                createdBy,
                createdAt,
                updatedAt);
    }

    /** A subscription as the API shows it: never its secrets. */
    public record SubscriptionView(
            UUID id,
            String url,
            String description,
            List<String> eventTypes,
            Map<String, String> filters,
            boolean active,
            String disabledReason,
            Instant disabledAt,
            Instant previousSecretExpiresAt,
            long version,
            String createdBy,
            Instant createdAt,
            Instant updatedAt)
            implements Versioned {}
}
