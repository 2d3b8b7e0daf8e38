package dev.porthole.server.ciconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value of the YAML document with the line it came from (1-based), so that every error can point at it. */
public sealed interface ConfigNode {
    int line();

    /** What a user would call this kind of value in an error message. */
    String kind();

    /** A mapping; keys keep the document's order. */
    record MapNode(Map<String, ConfigNode> entries, Map<String, Integer> keyLines, int line) implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = Map.copyOf(keyLines);
        }

        public int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }

        @Override
        public String kind() {
            return "a hash";
        }
    }

    /** A sequence. */
    record ListNode(List<ConfigNode> items, int line) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "an array";
        }
    }

    /** {@code !reference [.job, script]}: a value taken from elsewhere in the configuration, resolved before use. */
    record ReferenceNode(List<String> path, int line) implements ConfigNode {
        public ReferenceNode {
            path = List.copyOf(path);
        }

        @Override
        public String kind() {
            return "a !reference";
        }
    }

    /** A scalar: a String, Long, Double, Boolean, or null. */
    record ScalarNode(Object value, int line) implements ConfigNode {
        @Override
        public String kind() {
            if (value == null) {
                return "null";
            } else if (value instanceof String) {
                return "a string";
            } else if (value instanceof Boolean) {
                return "a boolean";
            }
            return "a number";
        }
    }
}
