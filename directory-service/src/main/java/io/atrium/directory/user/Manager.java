package io.atrium.directory.user;

import java.util.List;
import java.util.UUID;

/**
 * A user as a prospective manager: whether they are active, and the chain of managers above them (their manager,
 * that one's manager, ...), which the aggregate needs to refuse a management cycle.
 */
public record Manager(UUID id, boolean active, List<UUID> chain) {}
