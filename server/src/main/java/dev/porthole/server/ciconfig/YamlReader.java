package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML with SnakeYAML Engine into {@link ConfigNode}s that remember their lines. Anchors and aliases are
 * resolved by the parser; merge keys ({@code <<}) are applied here, since the node level is where lines survive.
 */
final class YamlReader {
    private static final String MERGE_KEY = "<<";
    private static final String REFERENCE_TAG = "!reference";
    private static final int MAX_DEPTH = 64;
    private static final int MAX_CODE_POINTS = 2 * 1024 * 1024;
    // Aliases are expanded into copies; a few nested ones can otherwise expand exponentially ("billion laughs").
    private static final int MAX_VALUES = 200_000;

    private final LoadSettings settings = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setLabel(".gitlab-ci.yml")
            .setMaxAliasesForCollections(200)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    private final StandardConstructor scalars = new StandardConstructor(settings);
    private final Map<Node, ConfigNode> converting = new IdentityHashMap<>();
    private int values;

    /** The document, or an empty map for an empty file. */
    static ConfigNode read(String yaml) throws CiConfigException {
        return new YamlReader().readDocument(yaml);
    }

    private ConfigNode readDocument(String yaml) throws CiConfigException {
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            String column = e.getProblemMark()
                    .map(m -> ", column " + (m.getColumn() + 1))
                    .orElse("");
            throw new CiConfigException(List.of(
                    new CiConfigError("root", 0, "invalid YAML: " + describe(e) + " (line " + line + column + ")")));
        } catch (YamlEngineException e) {
            throw new CiConfigException(List.of(new CiConfigError("root", 0, "invalid YAML: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            return new MapNode(Map.of(), Map.of(), 1);
        }
        List<CiConfigError> errors = new ArrayList<>();
        ConfigNode node = convert(root.get(), 0, errors);
        if (!errors.isEmpty()) {
            throw new CiConfigException(errors);
        }
        return node;
    }

    private static String describe(MarkedYamlEngineException e) {
        String context = e.getContext() == null ? "" : e.getContext() + ", ";
        return context + (e.getProblem() == null ? "syntax error" : e.getProblem());
    }

    private ConfigNode convert(Node node, int depth, List<CiConfigError> errors) {
        int line = line(node.getStartMark());
        if (depth > MAX_DEPTH) {
            errors.add(new CiConfigError("root", line, "the document nests deeper than " + MAX_DEPTH + " levels"));
            return new ScalarNode(null, line);
        }
        if (++values > MAX_VALUES) {
            if (values == MAX_VALUES + 1) {
                errors.add(new CiConfigError(
                        "root", line, "the document expands to more than " + MAX_VALUES + " values through aliases"));
            }
            return new ScalarNode(null, line);
        }
        if (converting.containsKey(node)) {
            errors.add(new CiConfigError("root", line, "an alias refers to a value that contains itself"));
            return new ScalarNode(null, line);
        }
        if (REFERENCE_TAG.equals(node.getTag().getValue())) {
            return reference(node, line, errors);
        }
        if (node.getTag().getValue().startsWith("!")
                && !node.getTag().getValue().startsWith("!!")) {
            errors.add(new CiConfigError(
                    "root",
                    line,
                    "the YAML tag " + node.getTag().getValue() + " is not supported; GitLab's only custom tag is"
                            + " !reference"));
            return new ScalarNode(null, line);
        }
        converting.put(node, new ScalarNode(null, line));
        try {
            return switch (node) {
                case MappingNode mapping -> convertMapping(mapping, depth, errors);
                case SequenceNode sequence ->
                    new ListNode(
                            sequence.getValue().stream()
                                    .map(item -> convert(item, depth + 1, errors))
                                    .toList(),
                            line);
                default -> new ScalarNode(scalarValue(node), line);
            };
        } finally {
            converting.remove(node);
        }
    }

    private ConfigNode reference(Node node, int line, List<CiConfigError> errors) {
        if (node instanceof SequenceNode sequence
                && !sequence.getValue().isEmpty()
                && sequence.getValue().stream()
                        .allMatch(item -> item instanceof org.snakeyaml.engine.v2.nodes.ScalarNode)) {
            List<String> path = sequence.getValue().stream()
                    .map(item -> ((org.snakeyaml.engine.v2.nodes.ScalarNode) item).getValue())
                    .toList();
            return new ConfigNode.ReferenceNode(path, line);
        }
        errors.add(new CiConfigError(
                "root", line, "!reference needs a list of keys, such as !reference [.setup, script]"));
        return new ScalarNode(null, line);
    }

    private ConfigNode convertMapping(MappingNode mapping, int depth, List<CiConfigError> errors) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        List<MapNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            int keyLine = line(tuple.getKeyNode().getStartMark());
            Object key = tuple.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode
                    ? scalarValue(tuple.getKeyNode())
                    : null;
            if (MERGE_KEY.equals(key)) {
                collectMerge(convert(tuple.getValueNode(), depth + 1, errors), keyLine, merged, errors);
                continue;
            }
            if (key == null || key instanceof Boolean) {
                errors.add(new CiConfigError(
                        "root", keyLine, "a key must be a string" + (key == null ? "" : ", not " + key)));
                continue;
            }
            String name = String.valueOf(key);
            if (entries.containsKey(name)) {
                errors.add(new CiConfigError("root", keyLine, "the key '" + name + "' appears twice in one hash"));
                continue;
            }
            entries.put(name, convert(tuple.getValueNode(), depth + 1, errors));
            keyLines.put(name, keyLine);
        }
        // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
        for (MapNode source : merged) {
            source.entries().forEach((k, v) -> {
                if (!entries.containsKey(k)) {
                    entries.put(k, v);
                    keyLines.put(k, source.lineOf(k));
                }
            });
        }
        return new MapNode(entries, keyLines, line(mapping.getStartMark()));
    }

    private static void collectMerge(ConfigNode value, int line, List<MapNode> merged, List<CiConfigError> errors) {
        if (value instanceof MapNode map) {
            merged.add(map);
        } else if (value instanceof ListNode list && list.items().stream().allMatch(MapNode.class::isInstance)) {
            list.items().forEach(item -> merged.add((MapNode) item));
        } else {
            errors.add(new CiConfigError("root", line, "a merge key (<<) needs a hash or an array of hashes"));
        }
    }

    private Object scalarValue(Node node) {
        if (node.getTag().equals(Tag.STR)) {
            return ((org.snakeyaml.engine.v2.nodes.ScalarNode) node).getValue();
        }
        Object value = scalars.constructSingleDocument(Optional.of(node));
        return switch (value) {
            // `key:`, `key: null` and `key: ~`: GitLab's way to unset a keyword, not a broken document
            case null -> null;
            case Integer i -> i.longValue();
            case BigInteger big -> big.toString();
            case Number number when !(number instanceof Long) -> number.doubleValue();
            default -> value;
        };
    }

    private static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(0);
    }
}
