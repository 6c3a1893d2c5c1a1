package io.atrium.platform.security;

/**
 * Atrium's department roles and the permission expressions services put on their endpoints. The matrix of which role
 * may do what is in docs/security.md; services refer to these constants so the matrix has one spelling.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String SALES = "sales";
    public static final String MARKETING = "marketing";
    public static final String SUPPORT = "support";
    public static final String READ_ONLY = "read-only";

    /** The identity provider's SCIM client (client credentials): it provisions users and teams, nothing else. */
    public static final String SCIM = "scim";

    /** Any Atrium role may read the shared customer record. */
    public static final String READ = "hasAnyRole('admin','sales','marketing','support','read-only')";

    /** Sales, marketing and support keep contacts up to date. */
    public static final String WRITE_CONTACTS = "hasAnyRole('admin','sales','marketing','support')";

    /** Companies are account data: sales and marketing maintain them. */
    public static final String WRITE_COMPANIES = "hasAnyRole('admin','sales','marketing')";

    /** Deals are the sales team's: sales (and admins) create, edit, move, win and lose them. */
    public static final String WRITE_DEALS = "hasAnyRole('admin','sales')";

    /** Pipelines and their stages shape everyone's board: only admins configure them. */
    public static final String CONFIGURE_PIPELINES = "hasRole('admin')";

    /**
     * Everyone who talks to customers logs calls, emails, meetings and notes and works tasks; editing or deleting an
     * activity is further limited to its author and admins.
     */
    public static final String LOG_ACTIVITIES = "hasAnyRole('admin','sales','marketing','support')";

    /** Support tickets are the support team's: support (and admins) open, reply to, assign and resolve them. */
    public static final String WORK_TICKETS = "hasAnyRole('admin','support')";

    /** Web forms capture leads from the public: marketing (and admins) define them and read their submissions. */
    public static final String MANAGE_FORMS = "hasAnyRole('admin','marketing')";

    /** Webhook subscriptions send every event to an outside system and hold its secrets: admins only. */
    public static final String MANAGE_WEBHOOKS = "hasRole('admin')";

    /** Operations on the platform's plumbing (dead-letter topics and their replay): admins only. */
    public static final String OPERATE = "hasRole('admin')";

    /** Erasure is irreversible: only admins carry it out. */
    public static final String ERASE = "hasRole('admin')";

    /**
     * The audit log shows every change to every record, with old and new values, across departments: admins only.
     */
    public static final String READ_AUDIT = "hasRole('admin')";

    /** Users and teams are edited by admins; everyone reads them (see {@link #READ}) to pick owners and assignees. */
    public static final String MANAGE_DIRECTORY = "hasRole('admin')";

    /** SCIM 2.0 provisioning of the directory: the identity provider's {@code scim} client, or an admin. */
    public static final String PROVISION_DIRECTORY = "hasAnyRole('admin','scim')";

    private Roles() {}
}
