package dev.porthole.server.ciconfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code needs} and {@code dependencies} against the jobs that made it into the pipeline: a name stands for
 * all instances of a parallel job; a needed job must exist, in this stage or an earlier one; an optional need on a
 * job the rules left out, or that no file defines, is dropped; needs must not go round in a circle.
 */
final class Needs {
    private Needs() {}

    static List<JobDefinition> resolve(
            NodeReader reader, List<JobDefinition> jobs, Map<String, List<String>> defined, List<String> stages) {
        Map<String, JobDefinition> byName = new HashMap<>();
        jobs.forEach(j -> byName.put(j.name(), j));
        Set<String> definedNames = new LinkedHashSet<>(defined.keySet());
        defined.values().forEach(definedNames::addAll);
        List<JobDefinition> resolved = new ArrayList<>();
        for (JobDefinition job : jobs) {
            String at = "jobs:" + job.name();
            List<Need> needs = null;
            if (job.needs() != null) {
                needs = new ArrayList<>();
                for (Need need : job.needs()) {
                    if (!definedNames.contains(need.job())) {
                        // GitLab drops an optional need on an undefined job too: an include may have left it out.
                        if (!need.optional()) {
                            reader.error(at + ":needs", 0, "'" + need.job() + "' is not defined in this configuration");
                        }
                        continue;
                    }
                    List<String> names = defined.getOrDefault(need.job(), List.of(need.job()));
                    List<String> present =
                            names.stream().filter(byName::containsKey).toList();
                    if (present.isEmpty() && !need.optional()) {
                        reader.error(
                                at + ":needs",
                                0,
                                "'" + need.job() + "' is not in this pipeline (its rules left it"
                                        + " out); add optional: true to the need, or change the rules");
                    }
                    for (String name : present) {
                        checkStage(reader, at + ":needs", job, byName.get(name), stages, true);
                        needs.add(new Need(name, need.optional(), need.artifacts()));
                    }
                }
            }
            List<String> dependencies = null;
            if (job.dependencies() != null) {
                dependencies = new ArrayList<>();
                for (String dependency : job.dependencies()) {
                    if (job.needs() != null
                            && job.needs().stream().noneMatch(n -> n.job().equals(dependency))) {
                        // The job starts when its needs are done, perhaps before this one is: GitLab refuses it too.
                        reader.error(
                                at + ":dependencies",
                                0,
                                "'" + dependency + "' should be in needs too: a job with needs waits for those only");
                        continue;
                    }
                    List<String> names = defined.getOrDefault(dependency, List.of(dependency));
                    List<String> present =
                            names.stream().filter(byName::containsKey).toList();
                    if (present.isEmpty()) {
                        reader.error(at + ":dependencies", 0, "'" + dependency + "' is not a job of this pipeline");
                    }
                    for (String name : present) {
                        checkStage(reader, at + ":dependencies", job, byName.get(name), stages, job.needs() != null);
                        dependencies.add(name);
                    }
                }
            }
            resolved.add(new JobDefinition(
                    job.name(),
                    job.stage(),
                    job.stageIndex(),
                    job.when(),
                    job.allowFailure(),
                    job.beforeScript(),
                    job.script(),
                    job.afterScript(),
                    job.variables(),
                    job.image(),
                    job.services(),
                    job.tags(),
                    job.timeout(),
                    needs == null ? null : List.copyOf(needs),
                    dependencies == null ? null : List.copyOf(dependencies),
                    job.retry(),
                    job.interruptible(),
                    job.artifacts(),
                    job.cache(),
                    job.startIn()));
        }
        checkCycles(reader, resolved);
        return resolved;
    }

    /** Jobs whose needs go round in a circle could never start; GitLab refuses them too. */
    private static void checkCycles(NodeReader reader, List<JobDefinition> jobs) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        jobs.forEach(j -> needs.put(
                j.name(),
                j.needs() == null
                        ? List.of()
                        : j.needs().stream().map(Need::job).toList()));
        Set<String> done = new HashSet<>();
        for (String name : needs.keySet()) {
            List<String> cycle = cycleFrom(name, needs, new ArrayList<>(), done);
            if (cycle != null) {
                reader.error(
                        "jobs:" + cycle.getFirst() + ":needs", 0, "circular dependency: " + String.join(" > ", cycle));
                return; // every job of the circle would report it again
            }
        }
    }

    private static List<String> cycleFrom(
            String name, Map<String, List<String>> needs, List<String> path, Set<String> done) {
        int index = path.indexOf(name);
        if (index >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(index, path.size()));
            cycle.add(name);
            return cycle;
        }
        if (done.contains(name)) {
            return null;
        }
        path.add(name);
        for (String needed : needs.getOrDefault(name, List.of())) {
            List<String> cycle = cycleFrom(needed, needs, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        done.add(name);
        return null;
    }

    private static void checkStage(
            NodeReader reader,
            String at,
            JobDefinition job,
            JobDefinition other,
            List<String> stages,
            boolean sameStage) {
        boolean later = sameStage ? other.stageIndex() > job.stageIndex() : other.stageIndex() >= job.stageIndex();
        if (later) {
            reader.error(
                    at,
                    0,
                    "'" + other.name() + "' is in stage " + other.stage() + ", which does not come before" + " stage "
                            + job.stage());
        }
    }
}
