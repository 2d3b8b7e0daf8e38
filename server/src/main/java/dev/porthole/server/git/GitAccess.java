package dev.porthole.server.git;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.project.ProjectStore;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Decides git requests: members push (developer and up) and clone (reporter and up, or anyone the project's
 * visibility admits); a running job's token clones its own project and nothing else.
 */
@Service
public class GitAccess {
    private final ProjectStore projects;
    private final ProjectAccess access;
    private final AccountService accounts;
    private final JobService jobs;

    public GitAccess(ProjectStore projects, ProjectAccess access, AccountService accounts, JobService jobs) {
        this.projects = projects;
        this.access = access;
        this.accounts = accounts;
        this.jobs = jobs;
    }

    /** The answer to one git request. */
    sealed interface Decision {
        /** Go ahead; {@code caller} is null for anonymous or job-token access. */
        record Allowed(Project project, Caller caller) implements Decision {}

        /** No or wrong credentials: ask for them (401). */
        record Unauthenticated(String message) implements Decision {}

        /** Known, but not allowed to do this (403). */
        record Forbidden(String message) implements Decision {}

        /** The project does not exist for this caller (404). */
        record NotFound() implements Decision {}
    }

    Decision decide(GitRequest request, Optional<GitCredentials> credentials) {
        Optional<Project> project = projects.findByPath(request.namespace(), request.project());
        if (credentials.isPresent() && credentials.get().jobToken()) {
            return decideForJob(request, project, credentials.get().secret());
        }
        Optional<Caller> authenticated = credentials.flatMap(this::authenticate);
        if (credentials.isPresent() && authenticated.isEmpty()) {
            return new Decision.Unauthenticated("HTTP Basic: Access denied. Check the password, or use a personal"
                    + " access token as the password.");
        }
        Caller caller = authenticated.orElse(null);
        Optional<ProjectRole> role = project.map(
                p -> access.roleIn(p, authenticated.map(Caller::user).orElse(null)));
        if (role.isEmpty() || !role.get().canSee()) {
            return caller == null ? new Decision.Unauthenticated("authentication required") : new Decision.NotFound();
        }
        boolean allowed = request.push()
                ? role.get().canPush() && (caller == null || caller.mayPush())
                : role.get().canRead() && (caller == null || caller.mayPull());
        if (allowed && !(request.push() && caller == null)) {
            return new Decision.Allowed(project.get(), caller);
        }
        if (caller == null) {
            return new Decision.Unauthenticated("authentication required");
        }
        return new Decision.Forbidden(
                request.push()
                        ? "You are not allowed to push code to this project; developers and above can."
                        : "You are not allowed to download code from this project.");
    }

    private Optional<Caller> authenticate(GitCredentials credentials) {
        return accounts.authenticateToken(credentials.secret())
                .or(() -> accounts.authenticatePassword(credentials.username(), credentials.secret())
                        .map(Caller::withFullAccess));
    }

    private Decision decideForJob(GitRequest request, Optional<Project> project, String token) {
        Optional<Job> job = jobs.findByToken(token).filter(j -> j.status().onRunner());
        if (job.isEmpty()) {
            return new Decision.Unauthenticated("the job token is not valid, or its job is no longer running");
        }
        if (project.isEmpty() || project.get().id() != job.get().projectId()) {
            return new Decision.NotFound();
        }
        if (request.push()) {
            return new Decision.Forbidden("a job token can clone its project but not push to it");
        }
        return new Decision.Allowed(project.get(), null);
    }
}
