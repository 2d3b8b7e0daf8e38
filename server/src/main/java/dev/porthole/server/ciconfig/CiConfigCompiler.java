package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@code .gitlab-ci.yml} into a {@link CiConfig}, or into every error it has. Errors are named the way
 * GitLab names them ({@code jobs:build:script}) and carry the line.
 */
public final class CiConfigCompiler {
    private static final String PRE = ".pre";
    private static final String POST = ".post";
    private static final String DEFAULT_STAGE = "test";
    private static final int MAX_SCRIPT_NESTING = 10;

    private final List<CiConfigError> errors = new ArrayList<>();

    private CiConfigCompiler() {}

    public static CiConfig compile(String yaml) throws CiConfigException {
        return new CiConfigCompiler().compileDocument(YamlReader.read(yaml));
    }

    private CiConfig compileDocument(ConfigNode document) throws CiConfigException {
        if (!(document instanceof MapNode root)) {
            throw new CiConfigException(List.of(new CiConfigError("root", document.line(), "config should be a hash")));
        }
        List<String> stages = stages(root);
        Defaults defaults = defaults(root);
        List<VariableDefinition> globalVariables = root.entries().containsKey("variables")
                ? variables("variables", root.entries().get("variables"))
                : List.of();

        List<JobDefinition> jobs = new ArrayList<>();
        root.entries().forEach((key, value) -> {
            if (Keywords.GLOBAL_SUPPORTED.contains(key)) {
                return;
            }
            if (Keywords.GLOBAL_UNSUPPORTED.contains(key)) {
                unsupported(key, root.lineOf(key), key);
                return;
            }
            if (key.startsWith(".")) {
                return; // hidden jobs are templates for anchors
            }
            job(key, value, stages, defaults, globalVariables).ifPresent(jobs::add);
        });
        if (errors.isEmpty() && jobs.isEmpty()) {
            errors.add(new CiConfigError("jobs", 0, "config should contain at least one visible job"));
        }
        if (!errors.isEmpty()) {
            throw new CiConfigException(errors);
        }
        return new CiConfig(stages, List.copyOf(jobs));
    }

    private List<String> stages(MapNode root) {
        List<String> declared = root.entries().containsKey("stages")
                ? strings("stages", root.entries().get("stages"), false)
                : Keywords.DEFAULT_STAGES;
        List<String> stages = new ArrayList<>();
        stages.add(PRE);
        declared.stream()
                .filter(s -> !s.equals(PRE) && !s.equals(POST))
                .distinct()
                .forEach(stages::add);
        stages.add(POST);
        return List.copyOf(stages);
    }

    private record Defaults(
            List<String> beforeScript,
            List<String> afterScript,
            ImageDefinition image,
            List<String> tags,
            Duration timeout) {}

    private Defaults defaults(MapNode root) {
        MapNode defaults = new MapNode(Map.of(), Map.of(), 0);
        if (root.entries().containsKey("default")) {
            ConfigNode node = root.entries().get("default");
            if (node instanceof MapNode map) {
                defaults = map;
                checkKeys("default", map, Keywords.DEFAULT_SUPPORTED, Keywords.DEFAULT_UNSUPPORTED);
            } else {
                expected("default", node, "a hash");
            }
        }
        for (String key : List.of("before_script", "after_script", "image")) {
            if (root.entries().containsKey(key) && defaults.entries().containsKey(key)) {
                errors.add(new CiConfigError(
                        key,
                        root.lineOf(key),
                        "is set both at the top level and in default; keep only default:" + key));
            }
        }
        Map<String, ConfigNode> merged = new LinkedHashMap<>();
        for (String key : List.of("before_script", "after_script", "image")) {
            if (root.entries().containsKey(key)) {
                merged.put(key, root.entries().get(key));
            }
        }
        merged.putAll(defaults.entries());
        return new Defaults(
                merged.containsKey("before_script")
                        ? script("default:before_script", merged.get("before_script"))
                        : List.of(),
                merged.containsKey("after_script")
                        ? script("default:after_script", merged.get("after_script"))
                        : List.of(),
                merged.containsKey("image") ? image("default:image", merged.get("image")) : null,
                merged.containsKey("tags") ? strings("default:tags", merged.get("tags"), false) : List.of(),
                merged.containsKey("timeout") ? timeout("default:timeout", merged.get("timeout")) : null);
    }

    private Optional<JobDefinition> job(
            String name,
            ConfigNode node,
            List<String> stages,
            Defaults defaults,
            List<VariableDefinition> globalVariables) {
        String at = "jobs:" + name;
        if (!(node instanceof MapNode job)) {
            expected(at, node, "a hash (a job); GitLab's global keywords are " + String.join(", ", globalKeywords()));
            return Optional.empty();
        }
        int errorsBefore = errors.size();
        checkKeys(at, job, Keywords.JOB_SUPPORTED, Keywords.JOB_UNSUPPORTED);
        Map<String, ConfigNode> e = job.entries();
        if (!e.containsKey("script")) {
            errors.add(new CiConfigError(at, job.line(), "config should implement the script: keyword"));
        }
        int errorsBeforeScript = errors.size();
        List<String> script = e.containsKey("script") ? script(at + ":script", e.get("script")) : List.of();
        if (e.containsKey("script") && script.isEmpty() && errors.size() == errorsBeforeScript) {
            errors.add(new CiConfigError(at + ":script", job.lineOf("script"), "config can't be empty"));
        }
        String stage =
                e.containsKey("stage") ? string(at + ":stage", e.get("stage")).orElse(DEFAULT_STAGE) : DEFAULT_STAGE;
        int stageIndex = stages.indexOf(stage);
        if (stageIndex < 0) {
            errors.add(new CiConfigError(
                    at + ":stage",
                    e.containsKey("stage") ? job.lineOf("stage") : job.line(),
                    "chosen stage '" + stage + "' does not exist; available stages are " + String.join(", ", stages)));
        }
        When when = e.containsKey("when") ? when(at + ":when", e.get("when")) : When.ON_SUCCESS;
        boolean allowFailure = e.containsKey("allow_failure")
                ? bool(at + ":allow_failure", e.get("allow_failure")).orElse(false)
                : when == When.MANUAL;
        List<VariableDefinition> variables = new ArrayList<>();
        if (e.containsKey("variables")) {
            variables.addAll(variables(at + ":variables", e.get("variables")));
        }
        Set<String> own = new HashSet<>();
        variables.forEach(v -> own.add(v.key()));
        globalVariables.stream().filter(v -> !own.contains(v.key())).forEach(variables::add);

        var definition = new JobDefinition(
                name,
                stage,
                stageIndex,
                when,
                allowFailure,
                e.containsKey("before_script")
                        ? script(at + ":before_script", e.get("before_script"))
                        : defaults.beforeScript(),
                script,
                e.containsKey("after_script")
                        ? script(at + ":after_script", e.get("after_script"))
                        : defaults.afterScript(),
                List.copyOf(variables),
                e.containsKey("image") ? image(at + ":image", e.get("image")) : defaults.image(),
                e.containsKey("tags") ? strings(at + ":tags", e.get("tags"), false) : defaults.tags(),
                e.containsKey("timeout") ? timeout(at + ":timeout", e.get("timeout")) : defaults.timeout());
        return errors.size() == errorsBefore ? Optional.of(definition) : Optional.empty();
    }

    private static List<String> globalKeywords() {
        var all = new ArrayList<>(Keywords.GLOBAL_SUPPORTED);
        all.addAll(Keywords.GLOBAL_UNSUPPORTED);
        all.sort(null);
        return all;
    }

    private void checkKeys(String at, MapNode map, Set<String> supported, Set<String> unsupported) {
        map.entries().keySet().forEach(key -> {
            if (unsupported.contains(key)) {
                unsupported(at, map.lineOf(key), key);
            } else if (!supported.contains(key)) {
                String hint = Suggestions.closest(key, supported)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                errors.add(new CiConfigError(at, map.lineOf(key), "unknown keyword '" + key + "'" + hint));
            }
        });
    }

    private void unsupported(String at, int line, String keyword) {
        errors.add(new CiConfigError(
                at,
                line,
                "the keyword '" + keyword + "' is not supported by Porthole yet; remove it or run this pipeline"
                        + " elsewhere"));
    }

    private void expected(String at, ConfigNode node, String what) {
        errors.add(new CiConfigError(at, node.line(), "should be " + what + ", not " + node.kind()));
    }

    private Optional<String> string(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof String text) {
            return Optional.of(text);
        }
        expected(at, node, "a string");
        return Optional.empty();
    }

    private Optional<Boolean> bool(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof Boolean value) {
            return Optional.of(value);
        }
        if (node instanceof MapNode map && map.entries().containsKey("exit_codes")) {
            unsupported(at, map.lineOf("exit_codes"), "allow_failure:exit_codes");
            return Optional.empty();
        }
        expected(at, node, "a boolean (true or false)");
        return Optional.empty();
    }

    /** An array of strings; with {@code allowSingle}, one string is accepted as a one-item array. */
    private List<String> strings(String at, ConfigNode node, boolean allowSingle) {
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
    private List<String> script(String at, ConfigNode node) {
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

    private When when(String at, ConfigNode node) {
        Optional<String> text = string(at, node);
        if (text.isEmpty()) {
            return When.ON_SUCCESS;
        }
        if (text.get().equals("delayed") || text.get().equals("never")) {
            unsupported(at, node.line(), "when: " + text.get());
            return When.ON_SUCCESS;
        }
        return When.fromWireName(text.get()).orElseGet(() -> {
            errors.add(new CiConfigError(
                    at, node.line(), "'" + text.get() + "' is not one of on_success, on_failure, always, manual"));
            return When.ON_SUCCESS;
        });
    }

    private Duration timeout(String at, ConfigNode node) {
        String text = node instanceof ScalarNode scalar && scalar.value() instanceof Long seconds
                ? seconds.toString()
                : string(at, node).orElse(null);
        if (text == null) {
            return null;
        }
        Optional<Duration> duration = Durations.parse(text).filter(d -> !d.isZero());
        if (duration.isEmpty()) {
            errors.add(new CiConfigError(
                    at, node.line(), "'" + text + "' is not a duration (examples: 30m, 1h 30m, 2 hours, 3600)"));
            return null;
        }
        return duration.get();
    }

    private ImageDefinition image(String at, ConfigNode node) {
        if (node instanceof ScalarNode scalar && scalar.value() instanceof String name) {
            return ImageDefinition.named(name);
        }
        if (!(node instanceof MapNode map)) {
            expected(at, node, "a string or a hash");
            return null;
        }
        checkKeys(at, map, Keywords.IMAGE_SUPPORTED, Keywords.IMAGE_UNSUPPORTED);
        var e = map.entries();
        String name =
                e.containsKey("name") ? string(at + ":name", e.get("name")).orElse(null) : null;
        if (name == null && !e.containsKey("name")) {
            errors.add(new CiConfigError(at, map.line(), "config should have a name"));
        }
        List<String> entrypoint =
                e.containsKey("entrypoint") ? strings(at + ":entrypoint", e.get("entrypoint"), false) : null;
        String user = null;
        String platform = null;
        if (e.containsKey("docker")) {
            if (e.get("docker") instanceof MapNode docker) {
                checkKeys(at + ":docker", docker, Set.of("user", "platform"), Set.of());
                user = docker.entries().containsKey("user")
                        ? string(at + ":docker:user", docker.entries().get("user"))
                                .orElse(null)
                        : null;
                platform = docker.entries().containsKey("platform")
                        ? string(at + ":docker:platform", docker.entries().get("platform"))
                                .orElse(null)
                        : null;
            } else {
                expected(at + ":docker", e.get("docker"), "a hash");
            }
        }
        List<String> pullPolicy =
                e.containsKey("pull_policy") ? strings(at + ":pull_policy", e.get("pull_policy"), true) : List.of();
        for (String policy : pullPolicy) {
            if (!Set.of("always", "if-not-present", "never").contains(policy)) {
                errors.add(new CiConfigError(
                        at + ":pull_policy",
                        map.lineOf("pull_policy"),
                        "'" + policy + "' is not one of always, if-not-present, never"));
            }
        }
        return new ImageDefinition(name, entrypoint, user, platform, pullPolicy);
    }

    private List<VariableDefinition> variables(String at, ConfigNode node) {
        if (!(node instanceof MapNode map)) {
            expected(at, node, "a hash of key value pairs");
            return List.of();
        }
        List<VariableDefinition> result = new ArrayList<>();
        map.entries().forEach((key, value) -> {
            String where = at + ":" + key;
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                errors.add(new CiConfigError(
                        at, map.lineOf(key), "'" + key + "' is not a valid variable name (letters, digits and _)"));
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

    private String scalarText(String at, ConfigNode node) {
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
}
