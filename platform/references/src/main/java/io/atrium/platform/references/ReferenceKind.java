package io.atrium.platform.references;

import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The kinds of record one service refers to while another owns them: who owns each, the topic its events travel on,
 * where it can be looked up, and how it is named on screen.
 */
public enum ReferenceKind {
    CONTACT("contact-service", "/api/v1/contacts/"),
    COMPANY("contact-service", "/api/v1/companies/"),
    DEAL("deal-service", "/api/v1/deals/");

    private final String upstream;
    private final String path;

    ReferenceKind(String upstream, String path) {
        this.upstream = upstream;
        this.path = path;
    }

    /** The name on the wire and in the events' data, e.g. {@code contact}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The topic the owner publishes this kind's events on, e.g. {@code crm.contact}. */
    public String topic() {
        return "crm." + wire();
    }

    /** The service that owns this kind (a key of {@code atrium.references.upstreams}). */
    public String upstream() {
        return upstream;
    }

    String path(UUID id) {
        return path + id;
    }

    /**
     * The display name of one record, from the JSON its owner publishes and serves: a contact's "First Last" (else its
     * primary email, else a placeholder), a company's name, a deal's title.
     */
    public String displayName(JsonNode entity) {
        return switch (this) {
            case CONTACT -> contactName(entity);
            case COMPANY -> text(entity, "name");
            case DEAL -> text(entity, "title");
        };
    }

    /**
     * What the record is found by besides its id ({@link Handle}), from the JSON its owner publishes: a contact's
     * email addresses, a company's domain and name, a deal's title, and every one's external ids.
     */
    public java.util.List<Handle> handles(JsonNode entity) {
        java.util.Set<Handle> handles = new java.util.LinkedHashSet<>();
        switch (this) {
            case CONTACT -> {
                for (JsonNode email : entity.path("emails")) {
                    add(handles, Handle.EMAIL, text(email, "address"));
                }
            }
            case COMPANY -> {
                add(handles, Handle.DOMAIN, text(entity, "domain"));
                add(handles, Handle.NAME, text(entity, "name"));
            }
            case DEAL -> add(handles, Handle.NAME, text(entity, "title"));
        }
        entity.path("externalIds")
                .properties()
                .forEach(e -> add(
                        handles,
                        Handle.EXTERNAL_IDS + e.getKey(),
                        e.getValue().isString() ? e.getValue().asString() : null));
        return java.util.List.copyOf(handles);
    }

    /**
     * A value as the replica keeps {@code handle}s of this kind, or null when it cannot be one: emails and names
     * stripped and lower-cased, domains normalised as a company's ({@link io.atrium.platform.web.DomainNames}),
     * external ids stripped.
     */
    public String normalize(String handle, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (handle.startsWith(Handle.EXTERNAL_IDS)) {
            return io.atrium.platform.web.ExternalIds.Values.idOrNull(raw);
        }
        return switch (handle) {
            case Handle.EMAIL, Handle.NAME -> raw.strip().toLowerCase(Locale.ROOT);
            case Handle.DOMAIN -> io.atrium.platform.web.DomainNames.normalizedOrNull(raw);
            default -> throw new IllegalArgumentException("No handle " + handle);
        };
    }

    private void add(java.util.Set<Handle> handles, String handle, String raw) {
        Handle found = raw == null ? null : Handle.of(this, handle, raw);
        if (found != null) {
            handles.add(found);
        }
    }

    static ReferenceKind ofTopic(String topic) {
        for (ReferenceKind kind : values()) {
            if (kind.topic().equals(topic)) {
                return kind;
            }
        }
        return null;
    }

    private static String contactName(JsonNode contact) {
        String name = Stream.of(text(contact, "firstName"), text(contact, "lastName"))
                .filter(s -> s != null && !s.isBlank())
                .reduce((a, b) -> a + " " + b)
                .orElse(null);
        if (name != null) {
            return name;
        }
        for (JsonNode email : contact.path("emails")) {
            if (email.path("primary").asBoolean(false)) {
                return email.path("address").asString();
            }
        }
        return "Contact " + contact.path("id").asString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
