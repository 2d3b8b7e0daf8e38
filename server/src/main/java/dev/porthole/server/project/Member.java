package dev.porthole.server.project;

import dev.porthole.server.account.User;
import java.time.Instant;

/** A user's role in a project, and since when they have it. */
public record Member(User user, AccessLevel level, Instant since) {}
