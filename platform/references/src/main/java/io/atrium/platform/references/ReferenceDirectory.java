package io.atrium.platform.references;

import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;

/**
 * What this service knows of the contacts, companies and deals it refers to: the replica kept from their owners'
 * events, and — for an id the replica has not seen yet — the owner itself.
 */
public class ReferenceDirectory {

    private final ReplicaStore replicas;
    private final UpstreamLookups upstreams;

    ReferenceDirectory(ReplicaStore replicas, UpstreamLookups upstreams) {
        this.replicas = replicas;
        this.upstreams = upstreams;
    }

    /**
     * Checks that every reference points at a live record of its kind. Unknown ones: one 422 problem naming each
     * field. An id the replica does not know while its owner cannot answer: a 503 problem with Retry-After. Either
     * way the caller's transaction writes nothing.
     */
    @Transactional
    public void requireKnown(List<Reference> references) {
        if (references.isEmpty()) {
            return;
        }
        Map<UUID, Replica> known =
                replicas.find(references.stream().map(Reference::id).collect(Collectors.toSet())).stream()
                        .collect(Collectors.toMap(Replica::id, Function.identity()));
        List<ProblemException.FieldProblem> unknown = new ArrayList<>();
        for (Reference reference : references) {
            Replica replica = known.get(reference.id());
            if (replica == null) {
                replica = lookUp(reference).orElse(null);
                if (replica != null) {
                    known.put(replica.id(), replica);
                }
            }
            if (replica == null || !replica.live() || replica.kind() != reference.kind()) {
                unknown.add(new ProblemException.FieldProblem(
                        reference.field(), "no " + reference.kind().wire() + " with id " + reference.id()));
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable(
                    "unknown-reference",
                    unknown.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")),
                    Map.of("errors", unknown));
        }
    }

    /** The display names of those of {@code ids} that are live records here. */
    @Transactional(readOnly = true)
    public Map<UUID, String> names(Collection<UUID> ids) {
        return replicas.find(new HashSet<>(ids)).stream()
                .filter(r -> r.live() && r.name() != null)
                .collect(Collectors.toMap(Replica::id, Replica::name));
    }

    /**
     * The live records each of {@code handles} names, as the replica knows them from their owners' events: one for an
     * email, a domain or an external id; perhaps several for a name. A handle no live record has is absent. For an
     * import that names records by what its file knows of them (ImportReferences in platform/imports).
     */
    @Transactional(readOnly = true)
    public Map<Handle, java.util.Set<UUID>> find(Collection<Handle> handles) {
        return replicas.findBy(handles);
    }

    @Transactional(readOnly = true)
    public Optional<Replica> find(UUID id) {
        return replicas.find(List.of(id)).stream().findFirst();
    }

    private Optional<Replica> lookUp(Reference reference) {
        try {
            Optional<UpstreamLookups.Fetched> found =
                    upstreams.lookup(reference.kind(), reference.id(), CurrentActor.bearerToken());
            found.ifPresent(f -> replicas.save(f.replica(), f.handles()));
            return found.map(UpstreamLookups.Fetched::replica);
        } catch (UpstreamLookups.Unavailable e) {
            throw ProblemException.unavailable(
                    "dependency-unavailable",
                    reference.field() + ": " + reference.kind().wire() + " " + reference.id()
                            + " is not known here yet and " + reference.kind().upstream()
                            + " cannot confirm it right now; nothing was written, retry shortly",
                    e.retryAfterSeconds());
        }
    }
}
