package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one job: its keywords, with {@code default} and global values applied, its rules, its parallel instances. */
final class JobReader {
    private static final String DEFAULT_STAGE = "test";

    private final NodeReader reader;
    private final JobOptions options;
    private final Rules rules;
    private final List<String> stages;
    private final Defaults defaults;
    private final List<VariableDefinition> globalVariables;
    private final Map<String, String> pipelineVariables;

    JobReader(
            NodeReader reader,
            JobOptions options,
            Rules rules,
            List<String> stages,
            Defaults defaults,
            List<VariableDefinition> globalVariables,
            Map<String, String> pipelineVariables) {
        this.reader = reader;
        this.options = options;
        this.rules = rules;
        this.stages = stages;
        this.defaults = defaults;
        this.globalVariables = globalVariables;
        this.pipelineVariables = pipelineVariables;
    }

    /** The job's instances (one unless it is parallel); none when its rules leave it out or it has errors. */
    List<JobDefinition> read(String name, ConfigNode node) {
        String at = "jobs:" + name;
        if (!(node instanceof MapNode written)) {
            reader.expected(at, node, "a hash (a job)");
            return List.of();
        }
        int errorsBefore = reader.errors().size();
        reader.checkKeys(at, written, Keywords.JOB_SUPPORTED, Keywords.JOB_UNSUPPORTED);
        MapNode job = withoutNulls(written);
        var e = job.entries();

        List<VariableDefinition> own =
                e.containsKey("variables") ? reader.variables(at + ":variables", e.get("variables")) : List.of();
        Map<String, String> visible = new HashMap<>(pipelineVariables);
        own.forEach(v -> visible.put(v.key(), v.value()));
        Rules.Decision decision = decide(at, job, visible);

        if (!e.containsKey("script")) {
            reader.error(at, job.line(), "config should implement the script: keyword");
        }
        int errorsBeforeScript = reader.errors().size();
        List<String> script = e.containsKey("script") ? reader.script(at + ":script", e.get("script")) : List.of();
        if (e.containsKey("script") && script.isEmpty() && reader.errors().size() == errorsBeforeScript) {
            reader.error(at + ":script", job.lineOf("script"), "config can't be empty");
        }
        String stage = e.containsKey("stage")
                ? reader.string(at + ":stage", e.get("stage")).orElse(DEFAULT_STAGE)
                : DEFAULT_STAGE;
        int stageIndex = stages.indexOf(stage);
        if (stageIndex < 0) {
            reader.error(
                    at + ":stage",
                    e.containsKey("stage") ? job.lineOf("stage") : job.line(),
                    "chosen stage '" + stage + "' does not exist; available stages are " + String.join(", ", stages));
        }
        // The job's own when, start_in and allow_failure are read even where a rule overrides them, so that their
        // mistakes are reported whatever the ref.
        When ownWhen = e.containsKey("when") ? when(at + ":when", job) : When.ON_SUCCESS;
        Duration ownStartIn = e.containsKey("start_in") ? reader.startIn(at + ":start_in", e.get("start_in")) : null;
        Boolean ownAllowFailure = e.containsKey("allow_failure") ? allowFailure(at + ":allow_failure", job) : null;
        // A start_in that would do nothing is refused, as GitLab does, rather than silently ignored.
        if (e.containsKey("rules") && e.containsKey("start_in")) {
            reader.error(
                    at + ":start_in", job.lineOf("start_in"), "with rules, set start_in in the delayed rule instead");
        } else if (e.containsKey("start_in") && ownWhen != When.DELAYED) {
            reader.error(
                    at + ":start_in",
                    job.lineOf("start_in"),
                    "only applies to when: delayed; remove it or add when: delayed");
        }
        When when = decision.when() != null ? decision.when() : ownWhen;
        Duration startIn = decision.startIn() != null ? decision.startIn() : ownStartIn;
        if (when == When.DELAYED && startIn == null) {
            reader.error(at, job.line(), "when: delayed needs start_in (for example start_in: 30 minutes)");
        }
        // A manual job may fail unless it says otherwise, but not one a rule made manual: GitLab's rules default to
        // false.
        boolean allowFailure = decision.allowFailure() != null
                ? decision.allowFailure()
                : ownAllowFailure != null ? ownAllowFailure : decision.when() == null && when == When.MANUAL;

        List<VariableDefinition> variables = new ArrayList<>(decision.variables());
        Set<String> seen = new HashSet<>();
        decision.variables().forEach(v -> seen.add(v.key()));
        own.stream().filter(v -> seen.add(v.key())).forEach(variables::add);
        globalVariables.stream().filter(v -> seen.add(v.key())).forEach(variables::add);

        var definition = new JobDefinition(
                name,
                stage,
                stageIndex,
                when,
                allowFailure,
                e.containsKey("before_script")
                        ? reader.script(at + ":before_script", e.get("before_script"))
                        : defaults.beforeScript(),
                script,
                e.containsKey("after_script")
                        ? reader.script(at + ":after_script", e.get("after_script"))
                        : defaults.afterScript(),
                List.copyOf(variables),
                e.containsKey("image") ? reader.image(at + ":image", e.get("image")) : defaults.image(),
                e.containsKey("services") ? reader.services(at + ":services", e.get("services")) : defaults.services(),
                e.containsKey("tags") ? reader.strings(at + ":tags", e.get("tags"), false) : defaults.tags(),
                e.containsKey("timeout") ? reader.duration(at + ":timeout", e.get("timeout")) : defaults.timeout(),
                e.containsKey("needs") ? options.needs(at + ":needs", e.get("needs")) : null,
                e.containsKey("dependencies")
                        ? reader.strings(at + ":dependencies", e.get("dependencies"), false)
                        : null,
                e.containsKey("retry") ? options.retry(at + ":retry", e.get("retry")) : defaults.retry(),
                e.containsKey("interruptible")
                        ? reader.bool(at + ":interruptible", e.get("interruptible"))
                                .orElse(false)
                        : defaults.interruptible(),
                e.containsKey("artifacts")
                        ? options.artifacts(at + ":artifacts", e.get("artifacts"))
                        : defaults.artifacts(),
                e.containsKey("cache") ? options.cache(at + ":cache", e.get("cache")) : defaults.cache(),
                when == When.DELAYED ? startIn : null);
        List<Parallel.Instance> instances = e.containsKey("parallel")
                ? Parallel.expand(reader, at + ":parallel", name, e.get("parallel"))
                : List.of(new Parallel.Instance(name, List.of()));
        if (reader.errors().size() > errorsBefore || !decision.included()) {
            return List.of();
        }
        return instances.stream()
                .map(instance -> instance(definition, instance))
                .toList();
    }

    /**
     * The job without its {@code key: null} entries: GitLab's way to unset a keyword that {@code extends} or an
     * {@code include} brought in, so the job gets the default instead.
     */
    private static MapNode withoutNulls(MapNode job) {
        MapNode result = job;
        for (var entry : job.entries().entrySet()) {
            if (entry.getValue() instanceof ScalarNode scalar && scalar.value() == null) {
                result = DeepMerge.without(result, entry.getKey());
            }
        }
        return result;
    }

    private static JobDefinition instance(JobDefinition job, Parallel.Instance instance) {
        if (instance.variables().isEmpty()) {
            return job;
        }
        List<VariableDefinition> variables = new ArrayList<>(instance.variables());
        Set<String> seen = new HashSet<>();
        instance.variables().forEach(v -> seen.add(v.key()));
        job.variables().stream().filter(v -> seen.add(v.key())).forEach(variables::add);
        return new JobDefinition(
                instance.name(),
                job.stage(),
                job.stageIndex(),
                job.when(),
                job.allowFailure(),
                job.beforeScript(),
                job.script(),
                job.afterScript(),
                List.copyOf(variables),
                job.image(),
                job.services(),
                job.tags(),
                job.timeout(),
                job.needs(),
                job.dependencies(),
                job.retry(),
                job.interruptible(),
                job.artifacts(),
                job.cache(),
                job.startIn());
    }

    private Rules.Decision decide(String at, MapNode job, Map<String, String> visible) {
        var e = job.entries();
        if (e.containsKey("rules")) {
            if (e.containsKey("only") || e.containsKey("except")) {
                reader.error(at, job.lineOf("rules"), "rules cannot be used together with only or except");
            }
            return rules.rules(at + ":rules", e.get("rules"), visible);
        }
        return rules.onlyExcept(at, job, visible) ? Rules.Decision.INCLUDED : Rules.Decision.EXCLUDED;
    }

    private When when(String at, MapNode job) {
        ConfigNode node = job.entries().get("when");
        Optional<String> text = reader.string(at, node);
        if (text.isEmpty()) {
            return When.ON_SUCCESS;
        }
        if (text.get().equals("never")) {
            reader.error(at, node.line(), "'never' is only allowed inside rules");
            return When.ON_SUCCESS;
        }
        return When.fromWireName(text.get()).orElseGet(() -> {
            reader.error(
                    at,
                    node.line(),
                    "'" + text.get() + "' is not one of on_success, on_failure, always, manual," + " delayed");
            return When.ON_SUCCESS;
        });
    }

    private boolean allowFailure(String at, MapNode job) {
        ConfigNode node = job.entries().get("allow_failure");
        if (node instanceof MapNode map && map.entries().containsKey("exit_codes")) {
            reader.unsupported(at, map.lineOf("exit_codes"), "allow_failure:exit_codes");
            return false;
        }
        return reader.bool(at, node).orElse(false);
    }
}
