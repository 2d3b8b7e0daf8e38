package dev.porthole.server.ciconfig;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files of a commit, held in memory, for {@code include: local} and {@code rules: exists}. */
record FakeCommit(SortedMap<String, String> contents) implements ConfigSource {

    FakeCommit {
        contents = Collections.unmodifiableSortedMap(new TreeMap<>(contents));
    }

    /** A commit with these files: a path, its content, the next path, its content, ... */
    static FakeCommit of(String... pathsAndContents) {
        if (pathsAndContents.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "a content is missing for " + pathsAndContents[pathsAndContents.length - 1]);
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return new FakeCommit(files);
    }

    static FakeCommit of(Map<String, String> files) {
        return new FakeCommit(new TreeMap<>(files));
    }

    @Override
    public Optional<String> read(String path) {
        return Optional.ofNullable(contents.get(path));
    }

    @Override
    public List<String> files() {
        return List.copyOf(contents.keySet());
    }
}
