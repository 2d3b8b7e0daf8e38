package dev.porthole.server.repository;

import java.time.Instant;

/** What a page shows of a commit: its sha, the first line of its message, and who wrote it when. */
public record CommitSummary(String sha, String title, String authorName, Instant authoredAt) {}
