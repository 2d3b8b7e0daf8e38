package dev.porthole.server.ciconfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link JobDefinition} as the compiler makes it for a job that sets nothing but what a test names, so that tests
 * compare whole jobs: a field a test forgot is then a failure, not a blind spot.
 */
final class ExpectedJob {
    private final String name;
    private String stage = "test";
    private int stageIndex = 2;
    private When when = When.ON_SUCCESS;
    private boolean allowFailure;
    private List<String> beforeScript = List.of();
    private List<String> script = List.of("echo");
    private List<String> afterScript = List.of();
    private final List<VariableDefinition> variables = new ArrayList<>();
    private ImageDefinition image;
    private List<ServiceDefinition> services = List.of();
    private List<String> tags = List.of();
    private Duration timeout;
    private List<Need> needs;
    private List<String> dependencies;
    private RetryPolicy retry = RetryPolicy.NONE;
    private boolean interruptible;
    private ArtifactsDefinition artifacts;
    private List<CacheDefinition> cache = List.of();
    private Duration startIn;

    private ExpectedJob(String name) {
        this.name = name;
    }

    /** A job in stage test (the third of the default stages, after .pre and build) whose script is {@code echo}. */
    static ExpectedJob named(String name) {
        return new ExpectedJob(name);
    }

    ExpectedJob stage(String stage, int stageIndex) {
        this.stage = stage;
        this.stageIndex = stageIndex;
        return this;
    }

    ExpectedJob when(When when) {
        this.when = when;
        return this;
    }

    ExpectedJob allowFailure() {
        this.allowFailure = true;
        return this;
    }

    ExpectedJob beforeScript(String... lines) {
        this.beforeScript = List.of(lines);
        return this;
    }

    ExpectedJob script(String... lines) {
        this.script = List.of(lines);
        return this;
    }

    ExpectedJob afterScript(String... lines) {
        this.afterScript = List.of(lines);
        return this;
    }

    /** Adds a variable after those added before. */
    ExpectedJob variable(String key, String value) {
        this.variables.add(new VariableDefinition(key, value, false));
        return this;
    }

    ExpectedJob image(String name) {
        this.image = ImageDefinition.named(name);
        return this;
    }

    ExpectedJob services(ServiceDefinition... services) {
        this.services = List.of(services);
        return this;
    }

    ExpectedJob tags(String... tags) {
        this.tags = List.of(tags);
        return this;
    }

    ExpectedJob timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    ExpectedJob needs(Need... needs) {
        this.needs = List.of(needs);
        return this;
    }

    /** Needs of jobs by name, with their artifacts, none optional. */
    ExpectedJob needsJobs(String... jobs) {
        this.needs = Arrays.stream(jobs).map(j -> new Need(j, false, true)).toList();
        return this;
    }

    ExpectedJob dependencies(String... jobs) {
        this.dependencies = List.of(jobs);
        return this;
    }

    ExpectedJob retry(RetryPolicy retry) {
        this.retry = retry;
        return this;
    }

    ExpectedJob interruptible() {
        this.interruptible = true;
        return this;
    }

    ExpectedJob artifacts(ArtifactsDefinition artifacts) {
        this.artifacts = artifacts;
        return this;
    }

    ExpectedJob cache(CacheDefinition... cache) {
        this.cache = List.of(cache);
        return this;
    }

    ExpectedJob startIn(Duration startIn) {
        this.startIn = startIn;
        return this;
    }

    JobDefinition build() {
        return new JobDefinition(
                name,
                stage,
                stageIndex,
                when,
                allowFailure,
                beforeScript,
                script,
                afterScript,
                List.copyOf(variables),
                image,
                services,
                tags,
                timeout,
                needs,
                dependencies,
                retry,
                interruptible,
                artifacts,
                cache,
                startIn);
    }
}
