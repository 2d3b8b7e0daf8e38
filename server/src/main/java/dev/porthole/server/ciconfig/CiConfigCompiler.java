package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@code .gitlab-ci.yml} into a {@link CiConfig}, or into every error it has. In order: read the YAML, merge
 * {@code include}s, apply {@code extends}, resolve {@code !reference}s, evaluate {@code workflow: rules}, then read
 * each job, evaluate its rules, expand {@code parallel}, and check {@code needs}. Errors are named the way GitLab
 * names them ({@code jobs:build:script}) and carry the line.
 */
public final class CiConfigCompiler {
    /** GitLab's own words for a pipeline that was not made, which scripts and users look for. */
    static final String WORKFLOW_FILTERED = "Pipeline filtered out by workflow rules.";

    static final String NO_JOBS = "Pipeline will not run for the selected trigger. The rules configuration prevented"
            + " any jobs from being added to the pipeline.";

    private static final String PRE = ".pre";
    private static final String POST = ".post";

    private final List<CiConfigError> errors = new ArrayList<>();
    private final NodeReader reader = new NodeReader(errors);
    private final JobOptions options = new JobOptions(reader);
    private final ConfigSource source;
    private final PipelineContext context;

    private CiConfigCompiler(ConfigSource source, PipelineContext context) {
        this.source = source;
        this.context = context;
    }

    /** A configuration that stands alone, for a push to main. */
    public static CiConfig compile(String yaml) throws CiConfigException {
        return compile(yaml, ConfigSource.empty(), PipelineContext.forBranch("main"));
    }

    public static CiConfig compile(String yaml, ConfigSource source, PipelineContext context) throws CiConfigException {
        return new CiConfigCompiler(source, context).compileDocument(YamlReader.read(yaml));
    }

    private CiConfig compileDocument(ConfigNode document) throws CiConfigException {
        if (!(document instanceof MapNode read)) {
            throw new CiConfigException(List.of(new CiConfigError("root", document.line(), "config should be a hash")));
        }
        Includes.Expanded expanded = Includes.expand(read, source, errors);
        // GitLab's order: a !reference sees what extends gave its target, and extends merges a !reference whole.
        MapNode root = References.resolve(Extends.apply(expanded.root(), errors), errors);
        failOnErrors();
        String merged = YamlWriter.write(root);

        List<String> stages = stages(root);
        Defaults defaults = defaults(root);
        List<VariableDefinition> globalVariables = root.entries().containsKey("variables")
                ? reader.variables("variables", root.entries().get("variables"))
                : List.of();
        var rules = new Rules(reader, context, source);
        Map<String, String> pipelineVariables = new HashMap<>(context.variables());
        globalVariables.forEach(v -> pipelineVariables.putIfAbsent(v.key(), v.value()));

        Rules.Decision workflow = workflow(root, rules, pipelineVariables);
        workflow.variables().forEach(v -> pipelineVariables.put(v.key(), v.value()));

        // workflow:rules:variables override the global ones for every job; CiConfig.variables alone would not
        // reach the jobs.
        List<VariableDefinition> pipelineWide = new ArrayList<>(workflow.variables());
        globalVariables.stream()
                .filter(g ->
                        workflow.variables().stream().noneMatch(w -> w.key().equals(g.key())))
                .forEach(pipelineWide::add);
        var jobReader = new JobReader(reader, options, rules, stages, defaults, pipelineWide, pipelineVariables);
        List<JobDefinition> jobs = new ArrayList<>();
        Map<String, List<String>> instances = new LinkedHashMap<>();
        boolean anyVisible = false;
        for (var entry : root.entries().entrySet()) {
            String key = entry.getKey();
            if (Keywords.GLOBAL_SUPPORTED.contains(key) || key.startsWith(".")) {
                continue; // hidden jobs are templates for extends, anchors and !reference
            }
            if (Keywords.GLOBAL_UNSUPPORTED.contains(key)) {
                reader.unsupported(key, root.lineOf(key), key);
                continue;
            }
            anyVisible = true;
            List<JobDefinition> made = jobReader.read(key, entry.getValue());
            jobs.addAll(made);
            instances.put(key, made.stream().map(JobDefinition::name).toList());
        }
        failOnErrors();
        if (!anyVisible) {
            throw new CiConfigException(
                    List.of(new CiConfigError("jobs", 0, "config should contain at least one visible job")));
        }
        if (!workflow.included()) {
            return skipped(stages, expanded, merged, WORKFLOW_FILTERED);
        }
        jobs = Needs.resolve(reader, jobs, instances, stages);
        failOnErrors();
        if (jobs.isEmpty()) {
            return skipped(stages, expanded, merged, NO_JOBS);
        }
        return new CiConfig(stages, List.copyOf(jobs), workflow.variables(), expanded.files(), merged, null);
    }

    private static CiConfig skipped(List<String> stages, Includes.Expanded expanded, String merged, String why) {
        return new CiConfig(stages, List.of(), List.of(), expanded.files(), merged, why);
    }

    private void failOnErrors() throws CiConfigException {
        if (!errors.isEmpty()) {
            throw new CiConfigException(errors);
        }
    }

    private Rules.Decision workflow(MapNode root, Rules rules, Map<String, String> variables) {
        if (!(root.entries().get("workflow") instanceof MapNode workflow)) {
            if (root.entries().containsKey("workflow")) {
                reader.expected("workflow", root.entries().get("workflow"), "a hash");
            }
            return Rules.Decision.INCLUDED;
        }
        reader.checkKeys("workflow", workflow, Keywords.WORKFLOW_SUPPORTED, Keywords.WORKFLOW_UNSUPPORTED);
        if (workflow.entries().containsKey("name")) {
            reader.string("workflow:name", workflow.entries().get("name"));
        }
        if (!workflow.entries().containsKey("rules")) {
            return Rules.Decision.INCLUDED;
        }
        return rules.rules("workflow:rules", workflow.entries().get("rules"), variables);
    }

    private List<String> stages(MapNode root) {
        List<String> declared = root.entries().containsKey("stages")
                ? reader.strings("stages", root.entries().get("stages"), false)
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

    private Defaults defaults(MapNode root) {
        MapNode defaults = new MapNode(Map.of(), Map.of(), 0);
        if (root.entries().containsKey("default")) {
            ConfigNode node = root.entries().get("default");
            if (node instanceof MapNode map) {
                defaults = map;
                reader.checkKeys("default", map, Keywords.DEFAULT_SUPPORTED, Keywords.DEFAULT_UNSUPPORTED);
            } else {
                reader.expected("default", node, "a hash");
            }
        }
        Map<String, ConfigNode> merged = new LinkedHashMap<>();
        for (String key : List.of("before_script", "after_script", "image", "services", "cache")) {
            if (root.entries().containsKey(key)) {
                if (defaults.entries().containsKey(key)) {
                    reader.error(
                            key,
                            root.lineOf(key),
                            "is set both at the top level and in default; keep only" + " default:" + key);
                }
                merged.put(key, root.entries().get(key));
            }
        }
        merged.putAll(defaults.entries());
        return new Defaults(
                Optional.ofNullable(merged.get("before_script"))
                        .map(n -> reader.script("default:before_script", n))
                        .orElse(List.of()),
                Optional.ofNullable(merged.get("after_script"))
                        .map(n -> reader.script("default:after_script", n))
                        .orElse(List.of()),
                merged.containsKey("image") ? reader.image("default:image", merged.get("image")) : null,
                merged.containsKey("services")
                        ? reader.services("default:services", merged.get("services"))
                        : List.of(),
                merged.containsKey("tags") ? reader.strings("default:tags", merged.get("tags"), false) : List.of(),
                merged.containsKey("timeout") ? reader.duration("default:timeout", merged.get("timeout")) : null,
                merged.containsKey("retry") ? options.retry("default:retry", merged.get("retry")) : RetryPolicy.NONE,
                merged.containsKey("interruptible")
                        && reader.bool("default:interruptible", merged.get("interruptible"))
                                .orElse(false),
                merged.containsKey("cache") ? options.cache("default:cache", merged.get("cache")) : List.of(),
                merged.containsKey("artifacts")
                        ? options.artifacts("default:artifacts", merged.get("artifacts"))
                        : null);
    }
}
