package dev.porthole.server.repository;

import java.nio.charset.StandardCharsets;

/**
 * A file's content at a commit, read up to a size cap so that a page never loads a huge file into memory.
 *
 * @param size the whole file's size in bytes
 * @param bytes the first bytes of the file, all of them unless {@link #truncated()}
 * @param binary the first bytes hold a NUL byte, as git itself decides
 */
public record BlobContent(String path, long size, byte[] bytes, boolean binary) {

    public boolean truncated() {
        return bytes.length < size;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
