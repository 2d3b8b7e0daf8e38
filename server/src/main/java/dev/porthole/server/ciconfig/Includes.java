package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * {@code include: local}: files of the same commit, merged under the including file (whose own keys win), nested
 * up to GitLab's limit. A file included again is merged again, so its last inclusion wins, as in GitLab; a file that
 * includes itself, directly or not, is an error. Other include types are rejected by name.
 */
final class Includes {
    private static final int MAX_FILES = 150;

    private final ConfigSource source;
    private final List<CiConfigError> errors;
    private final Set<String> included = new LinkedHashSet<>();
    private int inclusions;

    private Includes(ConfigSource source, List<CiConfigError> errors) {
        this.source = source;
        this.errors = errors;
    }

    /** The configuration with its includes merged in, and the files that were included. */
    record Expanded(MapNode root, List<String> files) {}

    static Expanded expand(MapNode root, ConfigSource source, List<CiConfigError> errors) {
        var includes = new Includes(source, errors);
        MapNode expanded = includes.expandFile(root, new ArrayList<>(List.of(".gitlab-ci.yml")));
        return new Expanded(expanded, List.copyOf(includes.included));
    }

    /** @param chain the files being expanded, the outermost first; {@code root} is the last one's content */
    private MapNode expandFile(MapNode root, List<String> chain) {
        if (!root.entries().containsKey("include")) {
            return root;
        }
        ConfigNode merged = new MapNode(Map.of(), Map.of(), root.line());
        for (String path : localPaths(root.entries().get("include"), chain.getLast())) {
            if (chain.contains(path)) {
                errors.add(new CiConfigError(
                        "include",
                        root.lineOf("include"),
                        "include cycle: " + String.join(" > ", chain) + " > " + path));
                continue;
            }
            included.add(path);
            // Repeated inclusions count too (GitLab's limit is on inclusions, not on distinct files).
            if (++inclusions > MAX_FILES) {
                errors.add(new CiConfigError(
                        "include",
                        root.lineOf("include"),
                        "more than " + MAX_FILES + " files are included (a file included twice counts twice);"
                                + " GitLab's limit"));
                break;
            }
            Optional<String> text = source.read(path);
            if (text.isEmpty()) {
                errors.add(new CiConfigError(
                        "include", root.lineOf("include"), "local file '" + path + "' does not exist at this commit"));
                continue;
            }
            ConfigNode node;
            try {
                node = YamlReader.read(text.get());
            } catch (CiConfigException e) {
                e.errors()
                        .forEach(error ->
                                errors.add(new CiConfigError("include:" + path, error.line(), error.message())));
                continue;
            }
            if (!(node instanceof MapNode map)) {
                errors.add(new CiConfigError("include:" + path, node.line(), "the included file should be a hash"));
                continue;
            }
            chain.add(path);
            merged = DeepMerge.merge(merged, expandFile(map, chain));
            chain.removeLast();
        }
        return (MapNode) DeepMerge.merge(merged, DeepMerge.without(root, "include"));
    }

    private List<String> localPaths(ConfigNode include, String file) {
        List<ConfigNode> items = include instanceof ListNode list ? list.items() : List.of(include);
        List<String> paths = new ArrayList<>();
        for (ConfigNode item : items) {
            if (item instanceof ScalarNode scalar && scalar.value() instanceof String text) {
                if (text.startsWith("http://") || text.startsWith("https://")) {
                    unsupported(item, "remote");
                } else {
                    paths.addAll(matching(text, item));
                }
            } else if (item instanceof MapNode map && map.entries().containsKey("local")) {
                for (String key : map.entries().keySet()) {
                    if (!key.equals("local")) {
                        errors.add(new CiConfigError(
                                "include", map.lineOf(key), "include:" + key + " is not supported by Porthole yet"));
                    }
                }
                if (map.entries().get("local") instanceof ScalarNode s && s.value() instanceof String local) {
                    paths.addAll(matching(local, item));
                } else {
                    errors.add(new CiConfigError("include", map.lineOf("local"), "local should be a string (a path)"));
                }
            } else if (item instanceof MapNode map && !map.entries().isEmpty()) {
                unsupported(item, map.entries().keySet().iterator().next());
            } else {
                errors.add(new CiConfigError(
                        "include", item.line(), "should be a path, a hash with local: or an array of them"));
            }
        }
        return paths;
    }

    private void unsupported(ConfigNode item, String type) {
        errors.add(new CiConfigError(
                "include", item.line(), "include:" + type + " is not supported by Porthole yet; only local files"));
    }

    /** A path, or a glob such as {@code configs/*.yml}, relative to the repository's root. */
    private List<String> matching(String pattern, ConfigNode item) {
        String path = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        if (Path.of(path).normalize().startsWith("..")) {
            errors.add(new CiConfigError("include", item.line(), "'" + pattern + "' is outside the repository"));
            return List.of();
        }
        if (!path.contains("*")) {
            return List.of(path);
        }
        FilePattern matcher;
        try {
            matcher = FilePattern.forInclude(path);
        } catch (PatternSyntaxException e) {
            errors.add(new CiConfigError(
                    "include", item.line(), "'" + pattern + "' is not a valid glob pattern: " + e.getDescription()));
            return List.of();
        }
        List<String> files =
                source.files().stream().filter(matcher::matches).sorted().toList();
        if (files.isEmpty()) {
            errors.add(new CiConfigError("include", item.line(), "no files match '" + pattern + "'"));
        }
        return files;
    }
}
