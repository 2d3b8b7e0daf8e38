package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values out of configuration nodes, collecting an error, named the GitLab way
 * ({@code jobs:build:script}) and with its line, for each value that is not what its keyword expects.
 */
final class NodeReader {
    private static final int MAX_SCRIPT_NESTING = 10;
    private static final Duration MAX_START_IN = Duration.ofDays(7);
    private static final Set<String> PULL_POLICIES = Set.of("always", "if-not-present", "never");

    private final List<CiConfigError> errors;

    NodeReader(List<CiConfigError> errors) {
        this.errors = errors;
    }

    List<CiConfigError> errors() {
        return errors;
    }

    void error(String at, int line, String message) {
        errors.add(new CiConfigError(at, line, message));
    }

    void expected(String at, ConfigNode node, String what) {
        error(at, node.line(), "should be " + what + ", not " + node.kind());
    }

    void unsupported(String at, int line, String keyword) {
        error(
                at,
                line,
                "the keyword '" + keyword + "' is not supported by Porthole yet; remove it or run this"
                        + " pipeline elsewhere");
    }

    void checkKeys(String at, MapNode map, Set<String> supported, Set<String> unsupported) {
        map.entries().keySet().forEach(key -> {
            if (unsupported.contains(key)) {
                unsupported(at, map.lineOf(key), key);
            } else if (!supported.contains(key)) {
                String hint = Suggestions.closest(key, supported)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                error(at, map.lineOf(key), "unknown keyword '" + key + "'" + hint);
            }
        });
    }

    Optional<String> string(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof String text) {
            return Optional.of(text);
        }
        expected(at, node, "a string");
        return Optional.empty();
    }

    Optional<Boolean> bool(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof Boolean value) {
            return Optional.of(value);
        }
        expected(at, node, "a boolean (true or false)");
        return Optional.empty();
    }

    Optional<Integer> integer(String at, ConfigNode node, int min, int max) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof Long value && value >= min && value <= max) {
            return Optional.of(value.intValue());
        }
        if (node instanceof ScalarNode scalar && scalar.value() instanceof Long value) {
            // "not a number" would be wrong here: it is one, only too small or too big.
            error(at, node.line(), "should be a whole number from " + min + " to " + max + ", not " + value);
        } else {
            expected(at, node, "a whole number from " + min + " to " + max);
        }
        return Optional.empty();
    }

    /** An array of strings; with {@code allowSingle}, one string is accepted as a one-item array. */
    List<String> strings(String at, ConfigNode node, boolean allowSingle) {
        if (allowSingle && node instanceof ScalarNode scalar && scalar.value() instanceof String text) {
            return List.of(text);
        }
        if (!(node instanceof ListNode list)) {
            expected(at, node, allowSingle ? "a string or an array of strings" : "an array of strings");
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (item instanceof ScalarNode scalar && scalar.value() instanceof String text) {
                result.add(text);
            } else {
                expected(at, item, "a string in this array");
            }
        }
        return List.copyOf(result);
    }

    /** A script: a string, or an array of strings and arrays of strings nested up to ten levels. */
    List<String> script(String at, ConfigNode node) {
        List<String> lines = new ArrayList<>();
        collectScript(at, node, 0, lines);
        return List.copyOf(lines);
    }

    private void collectScript(String at, ConfigNode node, int depth, List<String> lines) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof String text) {
            lines.add(text);
        } else if (node instanceof ListNode list && depth < MAX_SCRIPT_NESTING) {
            list.items().forEach(item -> collectScript(at, item, depth + 1, lines));
        } else if (node instanceof ScalarNode scalar && scalar.value() != null && depth > 0) {
            expected(at, node, "a string (quote it: '" + scalar.value() + "')");
        } else {
            expected(at, node, "a string or a nested array of strings up to " + MAX_SCRIPT_NESTING + " levels deep");
        }
    }

    /** A duration such as {@code 1h 30m}, {@code 90 minutes} or a number of seconds. */
    Duration duration(String at, ConfigNode node) {
        String text = node instanceof ScalarNode scalar && scalar.value() instanceof Long seconds
                ? seconds.toString()
                : string(at, node).orElse(null);
        if (text == null) {
            return null;
        }
        Optional<Duration> duration = Durations.parse(text).filter(d -> !d.isZero());
        if (duration.isEmpty()) {
            error(at, node.line(), "'" + text + "' is not a duration (examples: 30m, 1h 30m, 2 hours, 3600)");
            return null;
        }
        return duration.get();
    }

    /** A {@code start_in}: a duration of at most a week, GitLab's limit. */
    Duration startIn(String at, ConfigNode node) {
        Duration startIn = duration(at, node);
        if (startIn != null && startIn.compareTo(MAX_START_IN) > 0) {
            error(at, node.line(), "should be at most one week");
        }
        return startIn;
    }

    String scalarText(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar) {
            return switch (scalar.value()) {
                case String text -> text;
                case Long number -> number.toString();
                case Double number -> number.toString();
                case null -> "";
                default -> {
                    expected(at, node, "a string or a number (quote it: '" + scalar.value() + "')");
                    yield "";
                }
            };
        }
        expected(at, node, "a string or a number");
        return "";
    }

    List<VariableDefinition> variables(String at, ConfigNode node) {
        if (!(node instanceof MapNode map)) {
            expected(at, node, "a hash of key value pairs");
            return List.of();
        }
        List<VariableDefinition> result = new ArrayList<>();
        map.entries().forEach((key, value) -> {
            String where = at + ":" + key;
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                error(at, map.lineOf(key), "'" + key + "' is not a valid variable name (letters, digits and _)");
                return;
            }
            if (value instanceof MapNode detailed) {
                checkKeys(where, detailed, Keywords.VARIABLE_SUPPORTED, Keywords.VARIABLE_UNSUPPORTED);
                var d = detailed.entries();
                String text = d.containsKey("value") ? scalarText(where + ":value", d.get("value")) : "";
                boolean expand = !d.containsKey("expand")
                        || bool(where + ":expand", d.get("expand")).orElse(true);
                if (d.containsKey("description")) {
                    string(where + ":description", d.get("description"));
                }
                result.add(new VariableDefinition(key, text, !expand));
            } else {
                result.add(new VariableDefinition(key, scalarText(where, value), false));
            }
        });
        return List.copyOf(result);
    }

    ImageDefinition image(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof String name) {
            return ImageDefinition.named(name);
        }
        if (!(node instanceof MapNode map)) {
            expected(at, node, "a string or a hash");
            return null;
        }
        checkKeys(at, map, Keywords.IMAGE_SUPPORTED, Keywords.IMAGE_UNSUPPORTED);
        var e = map.entries();
        String name = required(at, map, "name");
        List<String> entrypoint =
                e.containsKey("entrypoint") ? strings(at + ":entrypoint", e.get("entrypoint"), false) : null;
        String[] docker = docker(at, map);
        return new ImageDefinition(name, entrypoint, docker[0], docker[1], pullPolicy(at, map));
    }

    List<ServiceDefinition> services(String at, ConfigNode node) {
        if (!(node instanceof ListNode list)) {
            expected(at, node, "an array of services (names or hashes)");
            return List.of();
        }
        List<ServiceDefinition> services = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (item instanceof ScalarNode scalar && scalar.value() instanceof String name) {
                services.add(ServiceDefinition.named(name));
            } else if (item instanceof MapNode map) {
                checkKeys(at, map, Keywords.SERVICE_SUPPORTED, Keywords.SERVICE_UNSUPPORTED);
                var e = map.entries();
                String name = required(at, map, "name");
                List<String> aliases = e.containsKey("alias")
                        ? string(at + ":alias", e.get("alias"))
                                .map(a -> Arrays.stream(a.split("[,\\s]+"))
                                        .filter(s -> !s.isEmpty())
                                        .toList())
                                .orElse(List.of())
                        : List.of();
                String[] docker = docker(at, map);
                services.add(new ServiceDefinition(
                        name,
                        aliases,
                        e.containsKey("entrypoint") ? strings(at + ":entrypoint", e.get("entrypoint"), false) : null,
                        e.containsKey("command") ? strings(at + ":command", e.get("command"), false) : null,
                        e.containsKey("variables") ? variables(at + ":variables", e.get("variables")) : List.of(),
                        docker[0],
                        docker[1],
                        pullPolicy(at, map)));
            } else {
                expected(at, item, "a service name or a hash with name:");
            }
        }
        return List.copyOf(services);
    }

    private String required(String at, MapNode map, String key) {
        if (!map.entries().containsKey(key)) {
            error(at, map.line(), "config should have a " + key);
            return null;
        }
        return string(at + ":" + key, map.entries().get(key)).orElse(null);
    }

    /** {@code docker: {user, platform}}: the user and the platform, each possibly null. */
    private String[] docker(String at, MapNode map) {
        if (!map.entries().containsKey("docker")) {
            return new String[2];
        }
        if (!(map.entries().get("docker") instanceof MapNode docker)) {
            expected(at + ":docker", map.entries().get("docker"), "a hash");
            return new String[2];
        }
        checkKeys(at + ":docker", docker, Set.of("user", "platform"), Set.of());
        var d = docker.entries();
        return new String[] {
            d.containsKey("user") ? string(at + ":docker:user", d.get("user")).orElse(null) : null,
            d.containsKey("platform")
                    ? string(at + ":docker:platform", d.get("platform")).orElse(null)
                    : null
        };
    }

    private List<String> pullPolicy(String at, MapNode map) {
        if (!map.entries().containsKey("pull_policy")) {
            return List.of();
        }
        List<String> policies = strings(at + ":pull_policy", map.entries().get("pull_policy"), true);
        for (String policy : policies) {
            if (!PULL_POLICIES.contains(policy)) {
                error(
                        at + ":pull_policy",
                        map.lineOf("pull_policy"),
                        "'" + policy + "' is not one of always, if-not-present, never");
            }
        }
        return policies;
    }
}
