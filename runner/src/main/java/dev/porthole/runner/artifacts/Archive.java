package dev.porthole.runner.artifacts;

/**
 * What {@link ArtifactArchiver} stored.
 *
 * @param files the regular files in the zip
 * @param bytes the files' contents in bytes, before compression
 * @param empty true when nothing matched, in which case no zip was written
 */
public record Archive(int files, long bytes, boolean empty) {}
