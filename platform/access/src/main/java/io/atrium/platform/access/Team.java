package io.atrium.platform.access;

import java.util.UUID;

/** A team as this service knows it from the directory; a deleted team keeps its row without members. */
public record Team(UUID id, String name, UUID managerId, boolean deleted) {}
