package io.atrium.deals.party;

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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What deal-service knows of contacts and companies: the replica kept from contact-service's events, and — for an id
 * the replica has not seen yet — contact-service itself.
 */
@Service
public class PartyDirectory {

    private final PartyRepository parties;
    private final ContactServiceClient contactService;

    PartyDirectory(PartyRepository parties, ContactServiceClient contactService) {
        this.parties = parties;
        this.contactService = contactService;
    }

    /**
     * Checks that every referenced contact and company exists and is live. Unknown ones: a 422 problem naming each
     * field. An id the replica does not know while contact-service cannot answer: a 503 problem with Retry-After.
     */
    @Transactional
    public void requireKnown(UUID primaryContactId, List<UUID> contactIds, UUID companyId) {
        List<Reference> references = new ArrayList<>();
        if (primaryContactId != null) {
            references.add(new Reference("primaryContactId", Party.Kind.CONTACT, primaryContactId));
        }
        for (int i = 0; i < contactIds.size(); i++) {
            if (!contactIds.get(i).equals(primaryContactId)) {
                references.add(new Reference("contactIds[" + i + "]", Party.Kind.CONTACT, contactIds.get(i)));
            }
        }
        if (companyId != null) {
            references.add(new Reference("companyId", Party.Kind.COMPANY, companyId));
        }
        if (references.isEmpty()) {
            return;
        }
        Map<UUID, Party> known =
                parties.find(references.stream().map(Reference::id).collect(Collectors.toSet())).stream()
                        .collect(Collectors.toMap(Party::id, Function.identity()));
        List<ProblemException.FieldProblem> unknown = new ArrayList<>();
        for (Reference reference : references) {
            Party party = known.get(reference.id());
            if (party == null) {
                party = lookUp(reference).orElse(null);
            }
            if (party == null || !party.live() || party.kind() != reference.kind()) {
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

    /** The display names of those of {@code ids} that are live contacts or companies. */
    @Transactional(readOnly = true)
    public Map<UUID, String> names(Collection<UUID> ids) {
        return parties.find(new HashSet<>(ids)).stream()
                .filter(p -> p.live() && p.name() != null)
                .collect(Collectors.toMap(Party::id, Party::name));
    }

    private Optional<Party> lookUp(Reference reference) {
        try {
            Optional<Party> found = contactService.lookup(reference.kind(), reference.id(), CurrentActor.bearerToken());
            found.ifPresent(parties::save);
            return found;
        } catch (ContactServiceClient.Unavailable e) {
            throw ProblemException.unavailable(
                    "dependency-unavailable",
                    reference.field() + ": " + reference.kind().wire() + " " + reference.id()
                            + " is not known here yet and contact-service cannot confirm it right now; nothing was"
                            + " written, retry shortly",
                    e.retryAfterSeconds());
        }
    }

    private record Reference(String field, Party.Kind kind, UUID id) {}
}
