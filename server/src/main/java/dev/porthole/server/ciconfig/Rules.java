package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import dev.porthole.server.ciconfig.expression.CiExpression;
import dev.porthole.server.ciconfig.expression.ExpressionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a job (or, with {@code workflow: rules}, the pipeline) is added: {@code rules} with {@code if},
 * {@code changes} and {@code exists}, and the legacy {@code only}/{@code except}.
 */
final class Rules {
    private static final Map<String, String> SOURCE_KEYWORDS = Map.of(
            "api", "api",
            "pushes", "push",
            "web", "web",
            "schedules", "schedule",
            "triggers", "trigger",
            "pipelines", "pipeline",
            "merge_requests", "merge_request_event",
            "external_pull_requests", "external_pull_request_event",
            "chat", "chat",
            "external", "external");

    private final NodeReader reader;
    private final PipelineContext context;
    private final ConfigSource source;

    Rules(NodeReader reader, PipelineContext context, ConfigSource source) {
        this.reader = reader;
        this.context = context;
        this.source = source;
    }

    /**
     * What the first matching rule says.
     *
     * @param when null when the rule does not say (the job's own applies)
     * @param allowFailure null when the rule does not say
     */
    record Decision(
            boolean included, When when, Boolean allowFailure, List<VariableDefinition> variables, Duration startIn) {
        static final Decision EXCLUDED = new Decision(false, null, null, List.of(), null);
        static final Decision INCLUDED = new Decision(true, null, null, List.of(), null);
    }

    /** Evaluates {@code rules}; no matching rule (or {@code when: never}) excludes. */
    Decision rules(String at, ConfigNode node, Map<String, String> variables) {
        if (!(node instanceof ListNode list)) {
            reader.expected(at, node, "an array of rules");
            return Decision.EXCLUDED;
        }
        Decision first = null;
        for (int i = 0; i < list.items().size(); i++) {
            ConfigNode item = list.items().get(i);
            String where = at + ":" + i;
            if (!(item instanceof MapNode rule)) {
                reader.expected(where, item, "a hash (a rule)");
                continue;
            }
            reader.checkKeys(where, rule, Keywords.RULE_SUPPORTED, Keywords.RULE_UNSUPPORTED);
            // Every rule is read, not just those up to the first match, so that whether a mistake in a rule is
            // reported does not depend on the ref the pipeline is for (GitLab checks them all, too).
            boolean matches = matches(where, rule, variables);
            Decision decision = decision(where, rule);
            if (first == null && matches) {
                first = decision;
            }
        }
        return first == null ? Decision.EXCLUDED : first;
    }

    private boolean matches(String at, MapNode rule, Map<String, String> variables) {
        var e = rule.entries();
        boolean matches = true;
        if (e.containsKey("if")) {
            matches = condition(at + ":if", e.get("if"), variables);
        }
        if (e.containsKey("changes")) {
            matches &= changes(at + ":changes", e.get("changes"));
        }
        if (e.containsKey("exists")) {
            matches &= exists(at + ":exists", e.get("exists"));
        }
        return matches;
    }

    private Decision decision(String at, MapNode rule) {
        var e = rule.entries();
        When when = null;
        if (e.containsKey("when")) {
            Optional<String> text = reader.string(at + ":when", e.get("when"));
            if (text.isPresent() && text.get().equals("never")) {
                return Decision.EXCLUDED;
            }
            when = text.flatMap(When::fromWireName).orElse(null);
            if (text.isPresent() && when == null) {
                reader.error(
                        at + ":when",
                        e.get("when").line(),
                        "'" + text.get() + "' is not one of on_success,"
                                + " on_failure, always, manual, delayed, never");
            }
        }
        Boolean allowFailure = e.containsKey("allow_failure")
                ? reader.bool(at + ":allow_failure", e.get("allow_failure")).orElse(null)
                : null;
        List<VariableDefinition> variables =
                e.containsKey("variables") ? reader.variables(at + ":variables", e.get("variables")) : List.of();
        Duration startIn = e.containsKey("start_in") ? reader.startIn(at + ":start_in", e.get("start_in")) : null;
        if (e.containsKey("start_in") && when != When.DELAYED) {
            // GitLab refuses a start_in that would do nothing, rather than ignore it.
            reader.error(
                    at + ":start_in",
                    rule.lineOf("start_in"),
                    "only applies to when: delayed; remove it or add when: delayed");
        }
        return new Decision(true, when, allowFailure, variables, startIn);
    }

    boolean condition(String at, ConfigNode node, Map<String, String> variables) {
        Optional<String> text = reader.string(at, node);
        if (text.isEmpty()) {
            return false;
        }
        try {
            return CiExpression.parse(text.get()).evaluate(variables);
        } catch (ExpressionException e) {
            reader.error(at, node.line(), "'" + text.get() + "' is not a valid expression: " + e.getMessage());
            return false;
        }
    }

    /** True when the push changed a matching file, or when what it changed is not known (as GitLab does). */
    private boolean changes(String at, ConfigNode node) {
        List<String> patterns = node instanceof MapNode map ? paths(at, map) : reader.strings(at, node, false);
        // Matched (against no files) even when what changed is unknown, so that a broken pattern is always reported.
        boolean matches =
                anyMatches(at, node.line(), patterns, context.changedFiles().orElse(Set.of()));
        return context.changedFiles().isEmpty() || matches;
    }

    private boolean exists(String at, ConfigNode node) {
        List<String> patterns = node instanceof MapNode map ? paths(at, map) : reader.strings(at, node, false);
        return anyMatches(at, node.line(), patterns, source.files());
    }

    private List<String> paths(String at, MapNode map) {
        reader.checkKeys(at, map, Set.of("paths"), Set.of("compare_to", "project", "ref"));
        return map.entries().containsKey("paths")
                ? reader.strings(at + ":paths", map.entries().get("paths"), false)
                : List.of();
    }

    private boolean anyMatches(String at, int line, List<String> patterns, Collection<String> files) {
        boolean any = false;
        for (String pattern : patterns) {
            FilePattern matcher;
            try {
                // A directory stands for everything under it.
                matcher = FilePattern.of(pattern.endsWith("/") ? pattern + "**" : pattern);
            } catch (PatternSyntaxException e) {
                reader.error(at, line, "'" + pattern + "' is not a valid glob pattern: " + e.getDescription());
                continue;
            }
            any = any || files.stream().anyMatch(matcher::matches);
        }
        return any;
    }

    /** The legacy {@code only} and {@code except}; without either, jobs run for branches and tags. */
    boolean onlyExcept(String at, MapNode job, Map<String, String> variables) {
        var e = job.entries();
        boolean included = !e.containsKey("only") || refsFilter(at + ":only", e.get("only"), variables, true);
        if (e.containsKey("except") && refsFilter(at + ":except", e.get("except"), variables, false)) {
            included = false;
        }
        return included;
    }

    /**
     * Whether a filter's keys match: for {@code only} all of them must ({@code all}), while {@code except} excludes
     * a job when any of them does, as GitLab documents it.
     */
    private boolean refsFilter(String at, ConfigNode node, Map<String, String> variables, boolean all) {
        if (node instanceof MapNode map) {
            reader.checkKeys(at, map, Keywords.ONLY_SUPPORTED, Keywords.ONLY_UNSUPPORTED);
            var e = map.entries();
            List<Boolean> keys = new ArrayList<>();
            if (e.containsKey("refs")) {
                keys.add(refs(at + ":refs", e.get("refs")));
            }
            if (e.containsKey("variables")) {
                boolean any = false;
                // Every expression is parsed, not just those up to the first true one, so that a typo always shows.
                for (String x : reader.strings(at + ":variables", e.get("variables"), false)) {
                    any |= condition(at + ":variables", new ScalarNode(x, node.line()), variables);
                }
                keys.add(any);
            }
            if (e.containsKey("changes")) {
                keys.add(changes(at + ":changes", e.get("changes")));
            }
            return all ? !keys.contains(false) : keys.contains(true);
        }
        return refs(at, node);
    }

    private boolean refs(String at, ConfigNode node) {
        boolean any = false;
        for (String ref : reader.strings(at, node, true)) {
            any |= refMatches(at, node.line(), ref);
        }
        return any;
    }

    private boolean refMatches(String at, int line, String ref) {
        String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        if (name.equals("branches")) {
            return !context.tag();
        }
        if (name.equals("tags")) {
            return context.tag();
        }
        if (SOURCE_KEYWORDS.containsKey(name)) {
            return SOURCE_KEYWORDS.get(name).equals(context.source());
        }
        if (name.length() > 1 && name.startsWith("/") && name.lastIndexOf('/') > 0) {
            int end = name.lastIndexOf('/');
            try {
                int flags = name.substring(end + 1).contains("i") ? Pattern.CASE_INSENSITIVE : 0;
                return Pattern.compile(name.substring(1, end), flags)
                        .matcher(context.ref())
                        .find();
            } catch (PatternSyntaxException e) {
                reader.error(at, line, "'" + name + "' is not a valid regular expression: " + e.getDescription());
                return false;
            }
        }
        return name.equals(context.ref());
    }
}
