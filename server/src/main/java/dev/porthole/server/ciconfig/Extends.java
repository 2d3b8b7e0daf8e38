package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code extends}: a job takes the keys of the jobs (usually hidden ones) it names, merged in order and deeply, its
 * own keys winning; parents may extend others, up to GitLab's eleven levels.
 */
final class Extends {
    private static final int MAX_DEPTH = 11;
    private static final String KEY = "extends";

    private final MapNode root;
    private final List<CiConfigError> errors;
    private final Map<String, ConfigNode> resolved = new HashMap<>();

    private Extends(MapNode root, List<CiConfigError> errors) {
        this.root = root;
        this.errors = errors;
    }

    static MapNode apply(MapNode root, List<CiConfigError> errors) {
        var extend = new Extends(root, errors);
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        root.entries().forEach((name, node) -> entries.put(name, extend.resolve(name, new ArrayList<>())));
        return new MapNode(entries, root.keyLines(), root.line());
    }

    private ConfigNode resolve(String name, List<String> chain) {
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        ConfigNode node = root.entries().get(name);
        if (!(node instanceof MapNode job) || !job.entries().containsKey(KEY)) {
            return node;
        }
        String at = "jobs:" + name + ":extends";
        if (chain.contains(name)) {
            errors.add(new CiConfigError(
                    at, job.lineOf(KEY), "circular dependency: " + String.join(" > ", chain) + " > " + name));
            return DeepMerge.without(job, KEY);
        }
        if (chain.size() >= MAX_DEPTH) {
            errors.add(new CiConfigError(
                    at, job.lineOf(KEY), "nested too deep: more than " + MAX_DEPTH + " levels of extends"));
            return DeepMerge.without(job, KEY);
        }
        chain.add(name);
        ConfigNode merged = new MapNode(Map.of(), Map.of(), job.line());
        for (String parent : parents(job, at)) {
            if (!(root.entries().get(parent) instanceof MapNode)) {
                errors.add(new CiConfigError(at, job.lineOf(KEY), "unknown key '" + parent + "' in extends"));
                continue;
            }
            merged = DeepMerge.merge(merged, resolve(parent, chain));
        }
        chain.remove(chain.size() - 1);
        ConfigNode result = DeepMerge.merge(merged, DeepMerge.without(job, KEY));
        resolved.put(name, result);
        return result;
    }

    private List<String> parents(MapNode job, String at) {
        ConfigNode value = job.entries().get(KEY);
        if (value instanceof ScalarNode scalar && scalar.value() instanceof String parent) {
            return List.of(parent);
        }
        if (value instanceof ListNode list
                && list.items().stream().allMatch(i -> i instanceof ScalarNode s && s.value() instanceof String)) {
            return list.items().stream()
                    .map(i -> (String) ((ScalarNode) i).value())
                    .toList();
        }
        errors.add(new CiConfigError(at, job.lineOf(KEY), "should be a string or an array of strings"));
        return List.of();
    }
}
