package dev.porthole.server.project;

import dev.porthole.server.account.User;

/**
 * What one user (or an anonymous visitor, {@code user == null}) may do with one project. Every check of a page,
 * an endpoint or a git request asks this, so the rules live in one place.
 */
public record ProjectRole(Project project, User user, AccessLevel level) {

    /** Admins act as owners; members have their role; everyone else has none. */
    public static ProjectRole of(Project project, User user, AccessLevel memberLevel) {
        AccessLevel level = user != null && user.admin() ? AccessLevel.OWNER : memberLevel;
        return new ProjectRole(project, user, level);
    }

    private boolean visibleWithoutRole() {
        return switch (project.visibility()) {
            case PUBLIC -> true;
            case INTERNAL -> user != null;
            case PRIVATE -> false;
        };
    }

    /** Whether the project exists for this user at all; when not, they are told it does not exist (404). */
    public boolean canSee() {
        return visibleWithoutRole() || level.atLeast(AccessLevel.GUEST);
    }

    /** Read the code, pipelines, jobs and logs; clone. */
    public boolean canRead() {
        return visibleWithoutRole() || level.atLeast(AccessLevel.REPORTER);
    }

    /** Push to branches. */
    public boolean canPush() {
        return level.atLeast(AccessLevel.DEVELOPER);
    }

    /** Run pipelines, and cancel, retry or play jobs. */
    public boolean canUpdateJobs() {
        return level.atLeast(AccessLevel.DEVELOPER);
    }

    /** Change the project's settings, members and variables. */
    public boolean canAdminister() {
        return level.atLeast(AccessLevel.MAINTAINER);
    }
}
