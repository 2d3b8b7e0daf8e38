package dev.porthole.server.repository;

/**
 * One entry of a folder in a commit's tree.
 *
 * @param path the entry's path from the repository's root, without a leading slash
 */
public record TreeEntry(String name, String path, Kind kind) {

    /** What an entry is: a folder, a file, a symbolic link, or a submodule's commit. */
    public enum Kind {
        TREE,
        BLOB,
        SYMLINK,
        SUBMODULE
    }

    public boolean folder() {
        return kind == Kind.TREE;
    }
}
