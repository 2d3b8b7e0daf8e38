package dev.porthole.server.bootstrap;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.trigger.PipelineTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * For {@code ./porthole demo}: the sample project {@code root/demo} with a first pipeline, and an instance runner
 * whose token is left in {@code <data>/runner/demo-runner-token} for the launcher to register the local runner
 * with. Each is made once; later starts keep what exists. Every start allows requests to the local network, which the
 * demo runner's terminal sessions on 127.0.0.1 need.
 */
@Component
@ConditionalOnProperty(name = "porthole.demo.enabled", havingValue = "true")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DemoProject implements ApplicationRunner {
    static final String RUNNER_TOKEN_FILE = "runner/demo-runner-token";
    private static final Logger LOG = LoggerFactory.getLogger(DemoProject.class);

    private final AccountService accounts;
    private final ProjectService projectService;
    private final ProjectStore projects;
    private final RepositoryStorage repositories;
    private final PipelineTrigger trigger;
    private final RunnerService runners;
    private final Path dataDir;
    private final OutboundSettings outbound;

    DemoProject(
            AccountService accounts,
            ProjectService projectService,
            ProjectStore projects,
            RepositoryStorage repositories,
            PipelineTrigger trigger,
            RunnerService runners,
            @Value("${porthole.data-dir}") Path dataDir,
            OutboundSettings outbound) {
        this.outbound = outbound;
        this.accounts = accounts;
        this.projectService = projectService;
        this.projects = projects;
        this.repositories = repositories;
        this.trigger = trigger;
        this.runners = runners;
        this.dataDir = dataDir;
    }

    @Override
    public void run(ApplicationArguments args) {
        User root = accounts.findUserByUsername("root").orElseThrow();
        if (projects.findByPath("root", "demo").isEmpty()) {
            createProject(root);
        }
        Path tokenFile = dataDir.resolve(RUNNER_TOKEN_FILE);
        if (!Files.exists(tokenFile)) {
            var runner = runners.createByAdmin(
                    new RunnerOptions("demo runner (shell)", List.of("shell", "demo"), true, false, false, null),
                    root.id());
            RootAccount.writeSecret(tokenFile, runner.token());
            LOG.info("Created the demo's instance runner #{}", runner.runner().id());
        }
        // The demo's runner offers its terminal sessions on 127.0.0.1, which the policy refuses by default.
        OutboundPolicy policy = outbound.current();
        if (!policy.allowLocal()) {
            outbound.update(new OutboundPolicy(true, policy.allowlist()), root.id());
            LOG.info("Allowed requests to the local network, so that Debug reaches the demo runner's terminals");
        }
    }

    private void createProject(User root) {
        Project project = projectService.create(
                root, "demo", "demo", "A sample project with a pipeline to look at", Visibility.INTERNAL);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PipelineTrigger.CONFIG_FILE, resource("demo/gitlab-ci.yml"));
        files.put("README.md", resource("demo/README.md"));
        repositories.commit(
                project.id(),
                project.defaultBranch(),
                files,
                "Add a sample pipeline",
                new PersonIdent(root.name(), root.email()));
        trigger.forRef(project, project.defaultBranch(), "push", root.id(), List.of());
        LOG.info("Created the demo project root/demo and started its first pipeline");
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoProject.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
