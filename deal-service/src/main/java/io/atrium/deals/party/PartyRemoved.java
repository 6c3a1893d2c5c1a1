package io.atrium.deals.party;

import java.util.UUID;

/**
 * A contact or company was deleted or erased upstream. Published inside the transaction that applies the event, so
 * whatever refers to it here is detached in that same transaction.
 */
public record PartyRemoved(UUID partyId) {}
