package io.atrium.platform.references;

import java.util.UUID;

/**
 * A contact or company was merged by its owner into another ({@code crm.contact.merged.v1},
 * {@code crm.company.merged.v1}). Published inside the transaction that applies that event, so whatever refers to
 * {@code id} here is re-pointed to {@code survivorId} in that same transaction — and a failure rolls the event back
 * for another try. The replica forgets the duplicate (it is deleted for new references).
 */
public record ReferenceMerged(ReferenceKind kind, UUID id, UUID survivorId) {}
