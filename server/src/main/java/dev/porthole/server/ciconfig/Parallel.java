package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code parallel}: a job run N times ({@code build 1/3}, {@code build 2/3}, ...) or once per combination of a
 * matrix ({@code test: [ruby, 3.2]}), named as GitLab names them, each instance with its own variables.
 */
final class Parallel {
    private static final int MAX = 200;

    private Parallel() {}

    /** One instance: its name and the variables that make it different. */
    record Instance(String name, List<VariableDefinition> variables) {}

    static List<Instance> expand(NodeReader reader, String at, String name, ConfigNode node) {
        if (node instanceof ScalarNode) {
            // GitLab takes 1 too, for one instance named "job 1/1" (handy while a job's split is being set up).
            int total = reader.integer(at, node, 1, MAX).orElse(0);
            List<Instance> instances = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                instances.add(new Instance(name + " " + i + "/" + total, nodeVariables(i, total)));
            }
            return instances.isEmpty() ? List.of(new Instance(name, List.of())) : instances;
        }
        if (!(node instanceof MapNode map) || !map.entries().containsKey("matrix")) {
            reader.expected(at, node, "a number from 1 to " + MAX + " or a hash with matrix:");
            return List.of(new Instance(name, List.of()));
        }
        reader.checkKeys(at, map, Set.of("matrix"), Set.of());
        List<Map<String, String>> combinations = new ArrayList<>();
        ConfigNode matrix = map.entries().get("matrix");
        if (!(matrix instanceof ListNode entries)) {
            reader.expected(at + ":matrix", matrix, "an array of hashes of variables");
            return List.of(new Instance(name, List.of()));
        }
        for (ConfigNode entry : entries.items()) {
            if (entry instanceof MapNode variables) {
                combinations.addAll(product(reader, at + ":matrix", variables));
            } else {
                reader.expected(at + ":matrix", entry, "a hash of variables");
            }
        }
        if (combinations.size() > MAX) {
            reader.error(at + ":matrix", matrix.line(), "makes " + combinations.size() + " jobs; at most " + MAX);
            return List.of(new Instance(name, List.of()));
        }
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
            Map<String, String> values = combinations.get(i);
            List<VariableDefinition> variables = new ArrayList<>();
            values.forEach((k, v) -> variables.add(new VariableDefinition(k, v, false)));
            variables.addAll(nodeVariables(i + 1, combinations.size()));
            instances.add(
                    new Instance(name + ": [" + String.join(", ", values.values()) + "]", List.copyOf(variables)));
        }
        return instances;
    }

    private static List<Map<String, String>> product(NodeReader reader, String at, MapNode variables) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        variables.entries().forEach((key, value) -> {
            // Numbers are values too, alone or in an array (NODE_VERSION: [18, 20]): GitLab takes them.
            List<String> values = value instanceof ListNode list
                    ? list.items().stream()
                            .map(item -> reader.scalarText(at + ":" + key, item))
                            .toList()
                    : List.of(reader.scalarText(at + ":" + key, value));
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String v : values) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(key, v);
                    next.add(extended);
                }
            }
            result.clear();
            result.addAll(next);
        });
        return result;
    }

    private static List<VariableDefinition> nodeVariables(int index, int total) {
        return List.of(
                new VariableDefinition("CI_NODE_INDEX", Integer.toString(index), false),
                new VariableDefinition("CI_NODE_TOTAL", Integer.toString(total), false));
    }
}
