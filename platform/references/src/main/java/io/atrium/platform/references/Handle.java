package io.atrium.platform.references;

/**
 * Something a record is found by besides its id, as the replica keeps it: a contact's email, a company's domain or
 * name, a deal's title ({@code name}), any of their ids in another system ({@code externalIds.<source>}).
 *
 * @param handle {@value #EMAIL}, {@value #DOMAIN}, {@value #NAME} or {@value #EXTERNAL_IDS}{@code <source>}
 * @param value normalised as {@link ReferenceKind#normalize} does
 */
public record Handle(ReferenceKind kind, String handle, String value) {

    public static final String EMAIL = "email";
    public static final String DOMAIN = "domain";
    public static final String NAME = "name";
    public static final String EXTERNAL_IDS = "externalIds.";

    /**
     * The handle a raw value (a cell of a file) stands for, normalised; null when the value cannot be one (not a
     * domain, a blank id).
     */
    public static Handle of(ReferenceKind kind, String handle, String raw) {
        String value = kind.normalize(handle, raw);
        return value == null ? null : new Handle(kind, handle, value);
    }
}
