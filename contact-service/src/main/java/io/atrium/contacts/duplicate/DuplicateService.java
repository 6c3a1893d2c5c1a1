package io.atrium.contacts.duplicate;

import io.atrium.contacts.company.CompanyService;
import io.atrium.contacts.company.CompanyView;
import io.atrium.contacts.contact.ContactService;
import io.atrium.contacts.contact.ContactView;
import io.atrium.contacts.duplicate.DuplicatePairs.Kind;
import io.atrium.contacts.duplicate.DuplicatePairs.Pair;
import io.atrium.contacts.duplicate.DuplicatePairs.Position;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finding duplicates (issue 18): the candidate pairs of contacts and of companies, best first, and "not duplicates".
 * A caller sees a pair only when record access lets them read both of its records; dismissing needs that too.
 */
@Service
class DuplicateService {

    /** At most this many candidates of one record are listed (its best). */
    static final int CANDIDATES_OF_ONE = 50;

    /** The query parameter of the list's cursor. */
    static final String CURSOR = "cursor";

    private final DuplicatePairs pairs;
    private final ContactService contacts;
    private final CompanyService companies;
    private final RecordAccess access;
    private final CursorCodec cursors;
    private final Clock clock;

    DuplicateService(
            DuplicatePairs pairs,
            ContactService contacts,
            CompanyService companies,
            RecordAccess access,
            CursorCodec cursors,
            Clock clock) {
        this.pairs = pairs;
        this.contacts = contacts;
        this.companies = companies;
        this.access = access;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    DuplicateViews.ContactPage contactPairs(Integer limit, String cursor) {
        PageOf<ContactView> page = page(Kind.CONTACT, RecordType.CONTACT, limit, cursor, contacts::visibleLive);
        return new DuplicateViews.ContactPage(
                page.pairs(p -> new DuplicateViews.ContactPair(
                        p.pair().score(), p.pair().reasons(), p.records())),
                page.next());
    }

    @Transactional(readOnly = true)
    DuplicateViews.CompanyPage companyPairs(Integer limit, String cursor) {
        PageOf<CompanyView> page = page(Kind.COMPANY, RecordType.COMPANY, limit, cursor, companies::visibleLive);
        return new DuplicateViews.CompanyPage(
                page.pairs(p -> new DuplicateViews.CompanyPair(
                        p.pair().score(), p.pair().reasons(), p.records())),
                page.next());
    }

    /** The candidates of one contact, that contact first in each pair; 404 (or 301, 410) as its GET answers. */
    @Transactional(readOnly = true)
    DuplicateViews.ContactCandidates contactCandidates(UUID id) {
        ContactView self = contacts.get(id);
        return new DuplicateViews.ContactCandidates(
                candidates(Kind.CONTACT, RecordType.CONTACT, self.id(), self, contacts::visibleLive).stream()
                        .map(p -> new DuplicateViews.ContactPair(
                                p.pair().score(), p.pair().reasons(), p.records()))
                        .toList());
    }

    @Transactional(readOnly = true)
    DuplicateViews.CompanyCandidates companyCandidates(UUID id) {
        CompanyView self = companies.get(id);
        return new DuplicateViews.CompanyCandidates(
                candidates(Kind.COMPANY, RecordType.COMPANY, self.id(), self, companies::visibleLive).stream()
                        .map(p -> new DuplicateViews.CompanyPair(
                                p.pair().score(), p.pair().reasons(), p.records()))
                        .toList());
    }

    /**
     * "Not duplicates": the pair of the two records is never listed again. Both must be live records the caller may
     * read (404 naming the one that is not); the two ids must differ.
     */
    @Transactional
    void dismiss(Kind kind, DuplicateViews.Dismissal dismissal, String actor) {
        List<UUID> ids = ids(dismissal);
        Map<UUID, ?> visible = kind == Kind.CONTACT ? contacts.visibleLive(ids) : companies.visibleLive(ids);
        for (int i = 0; i < ids.size(); i++) {
            if (!visible.containsKey(ids.get(i))) {
                throw new ProblemException(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        kind.wire() + " not found",
                        "ids[" + i + "]: no " + kind.wire() + " with id " + ids.get(i),
                        Map.of("field", "ids[" + i + "]"));
            }
        }
        UUID first = ids.get(0).compareTo(ids.get(1)) < 0 ? ids.get(0) : ids.get(1);
        UUID second = first.equals(ids.get(0)) ? ids.get(1) : ids.get(0);
        pairs.dismiss(kind, first, second, actor, Timestamps.now(clock));
    }

    /** The two ids of a dismissal, checked: a 400 naming {@code ids} or the element that is not an id. */
    private static List<UUID> ids(DuplicateViews.Dismissal dismissal) {
        List<String> raw = dismissal == null ? null : dismissal.ids();
        if (raw == null || raw.size() != 2) {
            throw ProblemException.invalidField("ids", "must hold exactly two record ids");
        }
        List<UUID> ids = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            String id = raw.get(i);
            try {
                if (id == null || id.length() != 36) {
                    throw new IllegalArgumentException();
                }
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("ids[" + i + "]", "is not a record id");
            }
        }
        if (ids.get(0).equals(ids.get(1))) {
            throw ProblemException.invalidField("ids", "must be two different records");
        }
        return ids;
    }

    private <V> PageOf<V> page(
            Kind kind, RecordType type, Integer limit, String cursor, Function<Collection<UUID>, Map<UUID, V>> load) {
        int size = Page.limit(limit);
        Position after = cursor == null ? null : position(cursor);
        List<Pair> fetched = pairs.page(kind, access.read(type), after, size + 1);
        Page<Pair> page = Page.of(fetched, size, p -> new Position(p.score(), p.firstId(), p.secondId()), cursors);
        Map<UUID, V> views = load.apply(ids(page.items()));
        List<Loaded<V>> loaded = new ArrayList<>();
        for (Pair pair : page.items()) {
            V first = views.get(pair.firstId());
            V second = views.get(pair.secondId());
            if (first != null && second != null) {
                loaded.add(new Loaded<>(pair, List.of(first, second)));
            }
        }
        return new PageOf<>(loaded, page.next());
    }

    private <V> List<Loaded<V>> candidates(
            Kind kind, RecordType type, UUID id, V self, Function<Collection<UUID>, Map<UUID, V>> load) {
        List<Pair> found = pairs.of(kind, id, access.read(type), CANDIDATES_OF_ONE);
        Map<UUID, V> views = load.apply(ids(found));
        List<Loaded<V>> loaded = new ArrayList<>();
        for (Pair pair : found) {
            V other = views.get(pair.firstId().equals(id) ? pair.secondId() : pair.firstId());
            if (other != null) {
                loaded.add(new Loaded<>(pair, List.of(self, other)));
            }
        }
        return loaded;
    }

    private Position position(String cursor) {
        Position position;
        try {
            position = cursors.decode(cursor, Position.class);
        } catch (ProblemException e) {
            throw ProblemException.invalidField(CURSOR, "is not a cursor of this list");
        }
        if (position == null || position.score() == null || position.firstId() == null || position.secondId() == null) {
            throw ProblemException.invalidField(CURSOR, "is not a cursor of this list");
        }
        return position;
    }

    private static List<UUID> ids(List<Pair> pairs) {
        List<UUID> ids = new ArrayList<>();
        pairs.forEach(p -> {
            ids.add(p.firstId());
            ids.add(p.secondId());
        });
        return ids;
    }

    private record Loaded<V>(Pair pair, List<V> records) {}

    private record PageOf<V>(List<Loaded<V>> loaded, String next) {
        <R> List<R> pairs(Function<Loaded<V>, R> mapper) {
            return loaded.stream().map(mapper).toList();
        }
    }
}
