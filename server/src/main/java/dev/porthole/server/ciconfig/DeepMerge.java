package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitLab's merge of configuration ({@code include}, {@code extends}): hashes merge key by key, recursively; any other
 * value in the override replaces the base's (arrays are not concatenated).
 */
final class DeepMerge {
    private DeepMerge() {}

    static ConfigNode merge(ConfigNode base, ConfigNode override) {
        if (!(base instanceof MapNode b) || !(override instanceof MapNode o)) {
            return override;
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>(b.entries());
        Map<String, Integer> lines = new LinkedHashMap<>(b.keyLines());
        o.entries().forEach((key, value) -> {
            entries.put(key, entries.containsKey(key) ? merge(entries.get(key), value) : value);
            lines.put(key, o.lineOf(key));
        });
        return new MapNode(entries, lines, o.line());
    }

    /** The hash without one key. */
    static MapNode without(MapNode map, String key) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>(map.entries());
        Map<String, Integer> lines = new LinkedHashMap<>(map.keyLines());
        entries.remove(key);
        lines.remove(key);
        return new MapNode(entries, lines, map.line());
    }
}
