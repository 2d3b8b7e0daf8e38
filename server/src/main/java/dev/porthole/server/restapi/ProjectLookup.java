package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves the {@code :id} of GitLab's project routes, a number or a URL-encoded path ({@code root%2Fdemo}), to
 * the caller's role in it; a project the caller may not see is not found.
 */
@Component
class ProjectLookup {
    private final ProjectAccess access;

    ProjectLookup(ProjectAccess access) {
        this.access = access;
    }

    ProjectRole find(String id, Caller caller) {
        var user = caller == null ? null : caller.user();
        Optional<ProjectRole> role;
        if (id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 19) {
            role = access.byId(user, Long.parseLong(id));
        } else {
            int slash = id.lastIndexOf('/');
            role = slash <= 0 ? Optional.empty() : access.byPath(user, id.substring(0, slash), id.substring(slash + 1));
        }
        return role.filter(r -> caller == null || caller.reaches(r.project().id()))
                .orElseThrow(() -> ApiException.notFound("Project"));
    }

    /** The project, if the caller may read its pipelines and jobs. */
    ProjectRole readable(String id, Caller caller) {
        ProjectRole role = find(id, caller);
        if (!role.canRead()) {
            throw caller == null ? ApiException.notFound("Project") : ApiException.forbidden();
        }
        return role;
    }

    /** The project, if the caller may run pipelines and cancel, retry or play its jobs. */
    ProjectRole updatable(String id, Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        ProjectRole role = find(id, caller);
        if (!role.canUpdateJobs()) {
            throw ApiException.forbidden();
        }
        return role;
    }

    /** The project, if the caller may change its settings and variables. */
    ProjectRole administered(String id, Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        ProjectRole role = find(id, caller);
        if (!role.canAdminister()) {
            throw ApiException.forbidden();
        }
        return role;
    }

    /** The project, if the caller owns it: deleting pipelines needs that. */
    ProjectRole owned(String id, Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        ProjectRole role = find(id, caller);
        if (!role.level().atLeast(AccessLevel.OWNER)) {
            throw ApiException.forbidden();
        }
        return role;
    }
}
