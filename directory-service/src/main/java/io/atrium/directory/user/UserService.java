package io.atrium.directory.user;

import io.atrium.directory.DirectoryProperties;
import io.atrium.directory.ScimSearch;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** User use cases, for the admin API and SCIM alike: each runs in one transaction with the events it causes. */
@Service
public class UserService {

    static final Map<String, String[]> SORTS = Map.of(
            "userName", new String[] {"lower(user_name)", "text"},
            "created", new String[] {"created_at", "timestamptz"});

    /** The column of each attribute a SCIM filter may compare. */
    static final Map<String, String> SCIM_COLUMNS =
            Map.of("id", "id", "userName", "user_name", "externalId", "external_id", "displayName", "display_name");

    private final UserRepository users;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final DirectoryProperties properties;
    private final Clock clock;

    UserService(
            UserRepository users,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            DirectoryProperties properties,
            Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public UserView create(UserDetails details, boolean active, String actor) {
        binder.validate(details);
        String subject = subjectOf(details);
        User user = User.create(
                TimeOrderedIds.next(), subject, details, active, manager(details), actor, Timestamps.now(clock));
        if (!users.insert(user)) {
            throw duplicate(details, subject, null);
        }
        outbox.appendAll(user.pullEvents());
        return user.view();
    }

    @Transactional(readOnly = true)
    public UserView get(UUID id) {
        return users.find(id, false).map(User::view).orElseThrow(() -> notFound(id));
    }

    /** The known users among {@code ids}. */
    @Transactional(readOnly = true)
    public List<UserView> find(List<UUID> ids) {
        return users.findAll(ids).stream().map(User::view).toList();
    }

    /**
     * Replaces the user's details and, when {@code active} is not null, their state: SCIM PUT and PATCH, and the
     * admin API's merge patch. Updated, deactivated and reactivated events follow in that order, each only if it
     * changed something.
     */
    @Transactional
    public UserView replace(UUID id, Long expectedVersion, UserDetails next, Boolean active, String actor) {
        User user = users.find(id, true).orElseThrow(() -> notFound(id));
        long loaded = user.version();
        ConditionalRequests.check(expectedVersion, user.version());
        binder.validate(next);
        String subject = subjectOf(next);
        var now = Timestamps.now(clock);
        boolean changed = false;
        if (!next.equals(user.details()) || !subject.equals(user.subject())) {
            users.findClash(next.userName(), subject, id).ifPresent(existing -> {
                throw duplicate(next, subject, existing);
            });
            changed = user.update(subject, next, manager(next), actor, now);
        }
        if (Boolean.FALSE.equals(active)) {
            changed |= user.deactivate(false, actor, now);
        } else if (Boolean.TRUE.equals(active)) {
            changed |= user.reactivate(actor, now);
        }
        if (changed) {
            try {
                users.update(user, loaded);
            } catch (DuplicateKeyException e) {
                throw duplicate(next, subject, null);
            }
            outbox.appendAll(user.pullEvents());
        }
        return user.view();
    }

    /** The admin API's JSON merge patch of a user's details. */
    @Transactional
    public UserView patch(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        User user = users.find(id, false).orElseThrow(() -> notFound(id));
        UserDetails next = binder.apply(user.details(), patch, UserDetails.class);
        return replace(id, expectedVersion, next, null, actor);
    }

    /** Deactivates the user; {@code byIdp} also marks them deleted by the identity provider (SCIM DELETE). */
    @Transactional
    public UserView deactivate(UUID id, Long expectedVersion, boolean byIdp, String actor) {
        User user = users.find(id, true).orElseThrow(() -> notFound(id));
        long loaded = user.version();
        ConditionalRequests.check(expectedVersion, user.version());
        if (user.deactivate(byIdp, actor, Timestamps.now(clock))) {
            users.update(user, loaded);
            outbox.appendAll(user.pullEvents());
        }
        return user.view();
    }

    @Transactional
    public UserView reactivate(UUID id, Long expectedVersion, String actor) {
        User user = users.find(id, true).orElseThrow(() -> notFound(id));
        long loaded = user.version();
        ConditionalRequests.check(expectedVersion, user.version());
        if (user.reactivate(actor, Timestamps.now(clock))) {
            users.update(user, loaded);
            outbox.appendAll(user.pullEvents());
        }
        return user.view();
    }

    /**
     * Asks every service to move the records of user {@code id} (active or not) to the active user {@code to}: bumps
     * the from-user's version and publishes {@code crm.user.reassignment-requested.v1}.
     */
    @Transactional
    public Reassignment requestReassignment(UUID id, UUID to, String actor) {
        List<User> locked = users.lockAll(List.of(id, to));
        User from = locked.stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow(() -> notFound(id));
        User target = locked.stream().filter(u -> u.id().equals(to)).findFirst().orElse(null);
        long loaded = from.version();
        Reassignment reassignment =
                from.requestReassignment(TimeOrderedIds.next(), to, target, actor, Timestamps.now(clock));
        users.update(from, loaded);
        outbox.appendAll(from.pullEvents());
        return reassignment;
    }

    @Transactional(readOnly = true)
    public Page<UserView> list(String q, Boolean active, UUID teamId, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "userName", SORTS);
        String query = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        var fetched = users.list(new UserRepository.UserFilter(query, active, teamId), sorting, after, size, cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().view());
    }

    /**
     * SCIM search: users the identity provider has not deleted, optionally where {@code attribute} equals
     * {@code value} ({@code userName} compares without case), from the 0-based {@code offset}.
     */
    @Transactional(readOnly = true)
    public ScimSearch.Found<UserView> search(String attribute, Object value, int offset, int count) {
        return ScimSearch.of(attribute, value, SCIM_COLUMNS, "userName", offset, count)
                .run(users::countBy, users::findBy, User::view);
    }

    private Manager manager(UserDetails details) {
        return details.managerId() == null
                ? null
                : users.manager(details.managerId()).orElse(null);
    }

    private String subjectOf(UserDetails details) {
        return switch (properties.subjectAttribute()) {
            case USER_NAME -> details.userName();
            case EXTERNAL_ID -> {
                if (details.externalId() == null) {
                    throw ProblemException.invalidField(
                            "externalId", "is required: it is the subject of this user's tokens");
                }
                yield details.externalId();
            }
        };
    }

    private ProblemException duplicate(UserDetails details, String subject, UUID existing) {
        UUID clash = existing != null
                ? existing
                : users.findClash(details.userName(), subject, null).orElse(null);
        return ProblemException.conflict(
                "duplicate-user",
                "A user with this userName or subject already exists",
                clash == null
                        ? Map.of("field", "userName")
                        : Map.of("field", "userName", "existingId", clash, "existing", "/api/v1/users/" + clash));
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("user", id);
    }
}
