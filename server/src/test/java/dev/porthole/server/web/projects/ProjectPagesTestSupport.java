package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;
import org.springframework.beans.factory.annotation.Autowired;

/** What the project page tests share: members with a role, projects of a visibility, files pushed with JGit. */
abstract class ProjectPagesTestSupport extends ServerTestSupport {

    @Autowired
    ProjectStore projectStore;

    @Autowired
    PipelineStore pipelineStore;

    /** A new user with this role in the project. */
    Account member(Project project, AccessLevel level) {
        Account account = newUser(false);
        projects.addMember(project, account.user(), level);
        return account;
    }

    Project withVisibility(Project project, Visibility visibility) {
        projectStore.update(project.id(), project.name(), project.description(), visibility);
        return projectStore.findById(project.id()).orElseThrow();
    }

    /** An empty project (no commit at all). */
    Project emptyProject(Account owner) {
        return projects.create(
                owner.user(), "empty-" + UUID.randomUUID().toString().substring(0, 8), null, "", Visibility.PRIVATE);
    }

    /** Commits these files (paths may have folders) on top of a branch, straight into the bare repository. */
    String push(Project project, String branch, Map<String, String> files) {
        try {
            Path work = Files.createTempDirectory("porthole-test-work");
            try (Git git = Git.init()
                    .setDirectory(work.toFile())
                    .setInitialBranch(branch)
                    .call()) {
                String remote = repositories.directory(project.id()).toUri().toString();
                var parent = repositories.resolve(project.id(), "refs/heads/" + branch);
                if (parent.isPresent()) {
                    git.fetch()
                            .setRemote(remote)
                            .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                            .call();
                    git.reset()
                            .setMode(ResetCommand.ResetType.HARD)
                            .setRef(parent.get())
                            .call();
                }
                for (var file : files.entrySet()) {
                    Path path = work.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue());
                }
                git.add().addFilepattern(".").call();
                String sha = git.commit()
                        .setMessage("Change " + String.join(", ", files.keySet()))
                        .setAuthor("Test Author", "author@example.com")
                        .setCommitter("Test Author", "author@example.com")
                        .call()
                        .name();
                git.push()
                        .setRemote(remote)
                        .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                        .setForce(true)
                        .call();
                return sha;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base(Project project) {
        return "/" + project.fullPath();
    }

    static void assertRedirectsToSignIn(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/users/sign_in"));
    }

    static void assertRedirectsTo(HttpResponse<String> answer, String path) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(path));
    }

    static String location(HttpResponse<String> answer) {
        String l = answer.headers().firstValue("Location").orElseThrow();
        int start = l.indexOf("://");
        return start < 0 ? l : l.substring(l.indexOf('/', start + 3));
    }
}
