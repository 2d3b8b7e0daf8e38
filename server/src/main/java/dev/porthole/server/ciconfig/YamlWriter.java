package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ReferenceNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Writes a configuration back as YAML: the linter shows what include, extends and !reference made of it. */
final class YamlWriter {
    private YamlWriter() {}

    static String write(ConfigNode node) {
        var settings =
                DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(plain(node));
    }

    private static Object plain(ConfigNode node) {
        return switch (node) {
            case MapNode map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.entries().forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
            case ListNode list -> list.items().stream().map(YamlWriter::plain).toList();
            case ScalarNode scalar -> scalar.value();
            case ReferenceNode reference -> List.of("!reference", reference.path());
        };
    }
}
