package io.atrium.platform.test;

import java.util.List;

/**
 * The people every service's record-access tests use, provisioned into the service's directory replica: two sales
 * teams (East: two reps and their manager; West: one rep), a support team, a marketer, a read-only viewer, an admin
 * and a deactivated former rep. Each field is a subject; {@link #token} signs a token for it with its role.
 */
public final class AccessMatrix {

    public static final String EAST = "Sales East";
    public static final String WEST = "Sales West";
    public static final String SUPPORT_TEAM = "Support";
    public static final String OTHER_SUPPORT_TEAM = "Support Tier 2";

    public static final String EAST_REP = "east-rep";
    public static final String EAST_MATE = "east-mate";
    public static final String EAST_MANAGER = "east-manager";
    public static final String WEST_REP = "west-rep";
    public static final String SUPPORT = "support-agent";
    public static final String OTHER_SUPPORT = "tier2-agent";
    public static final String MARKETER = "marketer";
    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin-user";
    public static final String FORMER_REP = "former-rep";

    private AccessMatrix() {}

    /** Provisions the people and teams (idempotent) and waits until the replica has them. */
    public static void provision(DirectoryEvents directory) {
        directory.user(EAST_MANAGER, "Erin East-Manager", null);
        directory.user(EAST_REP, "Eddie East", EAST_MANAGER);
        directory.user(EAST_MATE, "Emma East", EAST_MANAGER);
        directory.user(WEST_REP, "Wes West", null);
        directory.user(SUPPORT, "Sue Support", null);
        directory.user(OTHER_SUPPORT, "Tom Tier-Two", null);
        directory.user(MARKETER, "Mia Marketing", null);
        directory.user(VIEWER, "Vic Viewer", null);
        directory.user(ADMIN, "Ada Admin", null);
        directory.user(FORMER_REP, "Fred Former", null, false, 1);
        directory.team(EAST, EAST_MANAGER, List.of(EAST_REP, EAST_MATE));
        directory.team(WEST, null, List.of(WEST_REP, FORMER_REP));
        directory.team(SUPPORT_TEAM, null, List.of(SUPPORT));
        directory.team(OTHER_SUPPORT_TEAM, null, List.of(OTHER_SUPPORT));
    }

    /** The role each person of the matrix holds. */
    public static String role(String subject) {
        return switch (subject) {
            case EAST_REP, EAST_MATE, EAST_MANAGER, WEST_REP, FORMER_REP -> "sales";
            case SUPPORT, OTHER_SUPPORT -> "support";
            case MARKETER -> "marketing";
            case VIEWER -> "read-only";
            case ADMIN -> "admin";
            default -> throw new IllegalArgumentException("not in the access matrix: " + subject);
        };
    }

    /** A signed access token for one person of the matrix, with their role. */
    public static String token(String subject) {
        return TestTokens.token(subject, role(subject));
    }

    public static String teamId(String team) {
        return DirectoryEvents.teamId(team).toString();
    }
}
