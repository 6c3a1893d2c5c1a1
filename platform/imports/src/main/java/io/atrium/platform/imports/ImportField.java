package io.atrium.platform.imports;

import java.util.List;
import java.util.Locale;

/**
 * A field a column can map to.
 *
 * @param name the name as the mapping uses it; ending in {@code .} it is a prefix ({@code customFields.})
 * @param label what the web app shows
 * @param repeatable several columns may map to it (emails, phones): each adds one value
 * @param key it can be the import's key (it finds an existing record)
 * @param aliases header names a column is guessed to mean this field by (compared without case, spaces or
 *     punctuation)
 */
public record ImportField(String name, String label, boolean repeatable, boolean key, List<String> aliases) {

    public ImportField {
        aliases = List.copyOf(aliases);
    }

    public static ImportField of(String name, String label, String... aliases) {
        return new ImportField(name, label, false, false, List.of(aliases));
    }

    public ImportField asRepeatable() {
        return new ImportField(name, label, true, key, aliases);
    }

    public ImportField asKey() {
        return new ImportField(name, label, repeatable, true, aliases);
    }

    public boolean prefix() {
        return name.endsWith(".");
    }

    /** Whether a column headed {@code header} is likely this field. */
    boolean matches(String header) {
        String h = squash(header);
        return !prefix()
                && (squash(name).equals(h)
                        || aliases.stream().anyMatch(a -> squash(a).equals(h)));
    }

    static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
