package io.atrium.platform.access;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The record-access policy and the directory replica's consumer.
 *
 * @param policy per role (e.g. {@code sales}) and record type (e.g. {@code deal}), how far its read and write reach;
 *     the defaults are in atrium-defaults/access.properties and docs/security.md; a missing entry is {@code none}
 * @param consumer the inbox name of the directory replica's consumer (default {@code <application>.directory})
 */
@ConfigurationProperties("atrium.access")
public record AccessProperties(@DefaultValue Map<String, Map<RecordType, Rule>> policy, String consumer) {

    /** How far one role's read and write reach into one record type; write never reaches further than read. */
    public record Rule(
            @DefaultValue("none") Level read,
            @DefaultValue("none") Level write) {

        public Rule {
            if (write.compareTo(read) > 0) {
                throw new IllegalArgumentException("atrium.access.policy: write (" + write.wire()
                        + ") reaches further than read (" + read.wire() + "); a role cannot change what it cannot see");
            }
        }
    }

    Rule rule(String role, RecordType type) {
        Map<RecordType, Rule> rules = policy.get(role);
        Rule rule = rules == null ? null : rules.get(type);
        return rule == null ? new Rule(Level.NONE, Level.NONE) : rule;
    }
}
