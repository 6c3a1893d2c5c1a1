package io.atrium.directory.scim;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The SCIM filters the directory answers: one {@code attribute eq "value"} comparison on an attribute the resource
 * allows (what Okta and Entra ID send to find a user or group before creating it). Anything else is a 400
 * {@code invalidFilter}, never a silently wider result.
 */
record ScimFilter(String attribute, String value) {

    private static final Pattern EQ =
            Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9.]*)\\s+(?i:eq)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");

    /**
     * @param allowed the filterable attributes, by lower-case name, in their canonical spelling
     * @return the filter, or null for none
     */
    static ScimFilter parse(String filter, Map<String, String> allowed) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher m = EQ.matcher(filter);
        if (!m.matches()) {
            throw invalid("Only filters of the form attribute eq \"value\" are supported");
        }
        String attribute = allowed.get(m.group(1).toLowerCase(Locale.ROOT));
        if (attribute == null) {
            throw invalid("Filtering is supported on " + String.join(", ", allowed.values()) + " only");
        }
        String value = m.group(2).replaceAll("\\\\(.)", "$1");
        return new ScimFilter(attribute, value);
    }

    private static Scim.Error invalid(String detail) {
        return new Scim.Error(HttpStatus.BAD_REQUEST, "invalidFilter", detail);
    }
}
