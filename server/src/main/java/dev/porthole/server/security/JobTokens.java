package dev.porthole.server.security;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.JobService;
import java.util.Optional;

/** Turns a running job's token into the caller it stands for: the job's user, within the job's project. */
final class JobTokens {
    private final JobService jobs;
    private final AccountService accounts;

    JobTokens(JobService jobs, AccountService accounts) {
        this.jobs = jobs;
        this.accounts = accounts;
    }

    Optional<Caller> authenticate(String token) {
        return jobs.findByToken(token)
                .filter(job -> job.status().onRunner() && job.userId() != null)
                .flatMap(job -> accounts.findUser(job.userId())
                        .filter(User::active)
                        .map(user -> Caller.forJob(user, job.projectId())));
    }
}
