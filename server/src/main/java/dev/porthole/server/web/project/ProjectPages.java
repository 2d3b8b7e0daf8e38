package dev.porthole.server.web.project;

import dev.porthole.server.project.ProjectAccess;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The project of a {@code /<namespace>/<project>/...} page, as GitLab answers: a project a signed-in user may not see
 * does not exist (404); an anonymous visitor is sent to sign in first; an action the user's role does not allow is
 * a 403.
 */
@Component
public class ProjectPages {
    private final ProjectAccess access;

    public ProjectPages(ProjectAccess access) {
        this.access = access;
    }

    /**
     * The project, for a user who may read it. A guest member knows the project exists but may not read its code
     * or pipelines (403).
     */
    public ProjectRole read(Viewer viewer, String namespace, String path) {
        ProjectRole role = access.byPath(viewer.user(), namespace, path)
                .orElseThrow(() -> viewer.signedIn()
                        ? new PageException.NotFound("The project " + namespace + "/" + path
                                + " does not exist, or you are not a member of it. Ask its owner to add you.")
                        : new PageException.SignInRequired());
        if (!role.canRead()) {
            throw new PageException.Forbidden("Guests of " + role.project().fullPath()
                    + " cannot see its repository or pipelines. Ask a maintainer for the Reporter role or higher.");
        }
        return role;
    }

    /** The project, for a user whose role passes {@code allowed}; {@code what} completes "You need ... to". */
    public ProjectRole require(
            Viewer viewer, String namespace, String path, Predicate<ProjectRole> allowed, String what) {
        ProjectRole role = read(viewer, namespace, path);
        if (!allowed.test(role)) {
            throw new PageException.Forbidden("You need " + what + ". Ask a maintainer of "
                    + role.project().fullPath() + " for a higher role.");
        }
        return role;
    }

    public ProjectRole developer(Viewer viewer, String namespace, String path) {
        return require(viewer, namespace, path, ProjectRole::canUpdateJobs, "the Developer role or higher to do this");
    }

    public ProjectRole maintainer(Viewer viewer, String namespace, String path) {
        return require(viewer, namespace, path, ProjectRole::canAdminister, "the Maintainer role or higher to do this");
    }
}
