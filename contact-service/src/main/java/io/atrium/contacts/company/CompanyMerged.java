package io.atrium.contacts.company;

import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction of a company merge, before it commits, so that whoever refers to companies in this
 * service (contacts) re-points to the survivor in that same transaction.
 */
public record CompanyMerged(UUID duplicateId, UUID survivorId, String actor, Instant at) {

    /**
     * Published before a merge takes its companies' row locks: the duplicate's contacts are locked first, in the order
     * every contact write takes them (a contact, then its company), so a merge and a contact write cannot deadlock.
     */
    public record Starting(UUID duplicateId) {}
}
