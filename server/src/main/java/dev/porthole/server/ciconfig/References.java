package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ReferenceNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code !reference [.job, key, ...]} tags: each is replaced by the value at that path of the whole
 * configuration, after include and extends. A referenced value may hold references itself, up to GitLab's ten levels.
 */
final class References {
    private static final int MAX_DEPTH = 10;

    private final MapNode root;
    private final List<CiConfigError> errors;

    private References(MapNode root, List<CiConfigError> errors) {
        this.root = root;
        this.errors = errors;
    }

    static MapNode resolve(MapNode root, List<CiConfigError> errors) {
        return (MapNode) new References(root, errors).resolve(root, 0);
    }

    private ConfigNode resolve(ConfigNode node, int depth) {
        return switch (node) {
            case ReferenceNode reference -> target(reference, depth);
            case MapNode map -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                map.entries().forEach((k, v) -> entries.put(k, resolve(v, depth)));
                yield new MapNode(entries, map.keyLines(), map.line());
            }
            case ListNode list ->
                new ListNode(
                        list.items().stream().map(item -> resolve(item, depth)).toList(), list.line());
            case ScalarNode scalar -> scalar;
        };
    }

    private ConfigNode target(ReferenceNode reference, int depth) {
        String shown = "!reference [" + String.join(", ", reference.path()) + "]";
        if (depth >= MAX_DEPTH) {
            errors.add(new CiConfigError(
                    "root", reference.line(), shown + " nests more than " + MAX_DEPTH + " references deep"));
            return new ScalarNode(null, reference.line());
        }
        ConfigNode node = root;
        for (String key : reference.path()) {
            if (!(node instanceof MapNode map) || !map.entries().containsKey(key)) {
                errors.add(new CiConfigError(
                        "root", reference.line(), shown + " points at nothing: '" + key + "' does not exist there"));
                return new ScalarNode(null, reference.line());
            }
            node = map.entries().get(key);
        }
        return resolve(node, depth + 1);
    }
}
