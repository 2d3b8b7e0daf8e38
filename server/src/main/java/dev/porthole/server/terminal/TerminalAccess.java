package dev.porthole.server.terminal;

import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectRole;
import java.util.Objects;
import org.springframework.stereotype.Service;

/**
 * GitLab's rule for interactive terminals, in one place for the job page, the API and the terminal connection:
 * only the user who started the job (pushed or triggered its pipeline, or retried or played it), who may also update
 * jobs of the project, while the job runs and has a session.
 */
@Service
public class TerminalAccess {
    /** What the owner of a job on a runner without terminals is told. */
    public static final String NO_SESSION_HINT = "This job's runner offers no interactive terminal. Add a"
            + " [session_server] section to the runner's config.toml (see docs/terminals.md) and restart it.";

    private final JobSessionStore sessions;

    public TerminalAccess(JobSessionStore sessions) {
        this.sessions = sessions;
    }

    public DebugDecision decide(User user, ProjectRole role, Job job) {
        boolean owner = user != null && Objects.equals(job.userId(), user.id()) && role.canUpdateJobs();
        if (!owner || job.status() != JobStatus.RUNNING) {
            return new DebugDecision.Hidden();
        }
        return sessions.find(job.id())
                .<DebugDecision>map(DebugDecision.Allowed::new)
                .orElseGet(() -> new DebugDecision.UnavailableForOwner(
                        sessions.unavailableReason(job.id()).orElse(NO_SESSION_HINT)));
    }
}
