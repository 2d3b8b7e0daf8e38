package dev.porthole.server.ciconfig;

import dev.porthole.server.ciconfig.ConfigNode.ListNode;
import dev.porthole.server.ciconfig.ConfigNode.MapNode;
import dev.porthole.server.ciconfig.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the keywords shared by jobs and {@code default}: {@code retry}, {@code artifacts}, {@code cache}, {@code needs}. */
final class JobOptions {
    private static final Set<String> WHEN = Set.of("on_success", "on_failure", "always");
    private static final Set<String> POLICIES = Set.of("pull", "push", "pull-push");

    private final NodeReader reader;

    JobOptions(NodeReader reader) {
        this.reader = reader;
    }

    RetryPolicy retry(String at, ConfigNode node) {
        if (node instanceof ScalarNode) {
            return reader.integer(at, node, 0, 2)
                    .map(max -> new RetryPolicy(max, List.of("always"), List.of()))
                    .orElse(RetryPolicy.NONE);
        }
        if (!(node instanceof MapNode map)) {
            reader.expected(at, node, "a number from 0 to 2 or a hash with max, when, exit_codes");
            return RetryPolicy.NONE;
        }
        reader.checkKeys(at, map, Keywords.RETRY_SUPPORTED, Set.of());
        var e = map.entries();
        int max = e.containsKey("max")
                ? reader.integer(at + ":max", e.get("max"), 0, 2).orElse(0)
                : 0;
        List<String> when =
                e.containsKey("when") ? reader.strings(at + ":when", e.get("when"), true) : List.of("always");
        for (String reason : when) {
            if (!Keywords.RETRY_REASONS.contains(reason)) {
                reader.error(
                        at + ":when",
                        map.lineOf("when"),
                        "'" + reason + "' is not a failure reason GitLab" + " knows; use one of "
                                + String.join(", ", new TreeSet<>(Keywords.RETRY_REASONS)));
            }
        }
        List<Integer> codes = new ArrayList<>();
        if (e.containsKey("exit_codes")) {
            ConfigNode value = e.get("exit_codes");
            List<ConfigNode> items = value instanceof ListNode list ? list.items() : List.of(value);
            for (ConfigNode item : items) {
                reader.integer(at + ":exit_codes", item, 0, 255).ifPresent(codes::add);
            }
        }
        return new RetryPolicy(max, when, codes);
    }

    ArtifactsDefinition artifacts(String at, ConfigNode node) {
        if (!(node instanceof MapNode map)) {
            reader.expected(at, node, "a hash");
            return null;
        }
        reader.checkKeys(at, map, Keywords.ARTIFACTS_SUPPORTED, Keywords.ARTIFACTS_UNSUPPORTED);
        var e = map.entries();
        List<String> paths = e.containsKey("paths") ? reader.strings(at + ":paths", e.get("paths"), false) : List.of();
        boolean untracked = e.containsKey("untracked")
                && reader.bool(at + ":untracked", e.get("untracked")).orElse(false);
        if (paths.isEmpty() && !untracked) {
            reader.error(at, map.line(), "config should have paths or untracked: true");
        }
        String expireIn = null;
        if (e.containsKey("expire_in")) {
            expireIn = reader.string(at + ":expire_in", e.get("expire_in")).orElse(null);
            if (expireIn != null
                    && !expireIn.equals("never")
                    && Durations.parse(expireIn).isEmpty()) {
                reader.error(
                        at + ":expire_in",
                        map.lineOf("expire_in"),
                        "'" + expireIn + "' is not a duration" + " (examples: 1 week, 3 days, 30 mins) or never");
            }
        }
        return new ArtifactsDefinition(
                e.containsKey("name")
                        ? reader.string(at + ":name", e.get("name")).orElse(null)
                        : null,
                paths,
                e.containsKey("exclude") ? reader.strings(at + ":exclude", e.get("exclude"), false) : List.of(),
                untracked,
                e.containsKey("when") ? when(at + ":when", e.get("when")) : "on_success",
                expireIn);
    }

    List<CacheDefinition> cache(String at, ConfigNode node) {
        List<ConfigNode> items = node instanceof ListNode list ? list.items() : List.of(node);
        if (items.size() > 4) {
            reader.error(at, node.line(), "a job can have at most 4 caches");
        }
        List<CacheDefinition> caches = new ArrayList<>();
        for (ConfigNode item : items) {
            if (!(item instanceof MapNode map)) {
                reader.expected(at, item, "a hash (a cache)");
                continue;
            }
            reader.checkKeys(at, map, Keywords.CACHE_SUPPORTED, Set.of());
            var e = map.entries();
            String key = "default";
            List<String> keyFiles = List.of();
            String prefix = null;
            if (e.containsKey("key")) {
                ConfigNode value = e.get("key");
                if (value instanceof MapNode keyMap) {
                    reader.checkKeys(at + ":key", keyMap, Set.of("files", "prefix"), Set.of());
                    key = null;
                    keyFiles = keyMap.entries().containsKey("files")
                            ? reader.strings(at + ":key:files", keyMap.entries().get("files"), false)
                            : List.of();
                    if (keyFiles.isEmpty() || keyFiles.size() > 2) {
                        reader.error(at + ":key:files", keyMap.line(), "should name one or two files");
                    }
                    prefix = keyMap.entries().containsKey("prefix")
                            ? reader.string(at + ":key:prefix", keyMap.entries().get("prefix"))
                                    .orElse(null)
                            : null;
                } else {
                    key = reader.scalarText(at + ":key", value);
                    if (key.contains("/") || key.equals(".") || key.equals("..")) {
                        reader.error(
                                at + ":key", map.lineOf("key"), "a cache key cannot contain '/' or be '.' or '..'");
                    }
                }
            }
            String policy = "pull-push";
            if (e.containsKey("policy")) {
                policy = reader.string(at + ":policy", e.get("policy")).orElse(policy);
                if (!POLICIES.contains(policy)) {
                    reader.error(
                            at + ":policy",
                            map.lineOf("policy"),
                            "'" + policy + "' is not one of pull, push," + " pull-push");
                }
            }
            caches.add(new CacheDefinition(
                    key,
                    keyFiles,
                    prefix,
                    e.containsKey("paths") ? reader.strings(at + ":paths", e.get("paths"), false) : List.of(),
                    e.containsKey("untracked")
                            && reader.bool(at + ":untracked", e.get("untracked"))
                                    .orElse(false),
                    policy,
                    e.containsKey("when") ? when(at + ":when", e.get("when")) : "on_success",
                    e.containsKey("fallback_keys")
                            ? reader.strings(at + ":fallback_keys", e.get("fallback_keys"), false)
                            : List.of()));
        }
        return List.copyOf(caches);
    }

    private String when(String at, ConfigNode node) {
        String when = reader.string(at, node).orElse("on_success");
        if (!WHEN.contains(when)) {
            reader.error(at, node.line(), "'" + when + "' is not one of on_success, on_failure, always");
            return "on_success";
        }
        return when;
    }

    List<Need> needs(String at, ConfigNode node) {
        if (!(node instanceof ListNode list)) {
            reader.expected(at, node, "an array of job names or hashes with job:");
            return List.of();
        }
        List<Need> needs = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (item instanceof ScalarNode scalar && scalar.value() instanceof String job) {
                needs.add(new Need(job, false, true));
            } else if (item instanceof MapNode map) {
                reader.checkKeys(at, map, Keywords.NEED_SUPPORTED, Keywords.NEED_UNSUPPORTED);
                var e = map.entries();
                if (!e.containsKey("job")) {
                    reader.error(at, map.line(), "a need should name its job:");
                    continue;
                }
                reader.string(at + ":job", e.get("job"))
                        .ifPresent(job -> needs.add(new Need(
                                job,
                                e.containsKey("optional")
                                        && reader.bool(at + ":optional", e.get("optional"))
                                                .orElse(false),
                                !e.containsKey("artifacts")
                                        || reader.bool(at + ":artifacts", e.get("artifacts"))
                                                .orElse(true))));
            } else {
                reader.expected(at, item, "a job name or a hash with job:");
            }
        }
        if (needs.size() > 50) {
            reader.error(at, node.line(), "a job can need at most 50 jobs");
        }
        return List.copyOf(needs);
    }
}
