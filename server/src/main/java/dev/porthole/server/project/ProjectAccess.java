package dev.porthole.server.project;

import dev.porthole.server.account.User;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Finds projects together with the role the asking user has in them. */
@Service
public class ProjectAccess {
    private final ProjectStore projects;

    public ProjectAccess(ProjectStore projects) {
        this.projects = projects;
    }

    /** The role of {@code user} (null: anonymous) in the project, if it exists and this user may know that it does. */
    public Optional<ProjectRole> byPath(User user, String namespacePath, String path) {
        return projects.findByPath(namespacePath, path)
                .map(p -> roleIn(p, user))
                .filter(ProjectRole::canSee);
    }

    public Optional<ProjectRole> byId(User user, long id) {
        return projects.findById(id).map(p -> roleIn(p, user)).filter(ProjectRole::canSee);
    }

    /** Every project this user (null: anonymous) may know exists. */
    public List<ProjectRole> visibleTo(User user) {
        return projects.all().stream()
                .map(p -> roleIn(p, user))
                .filter(ProjectRole::canSee)
                .toList();
    }

    public ProjectRole roleIn(Project project, User user) {
        AccessLevel member = user == null ? AccessLevel.NONE : projects.memberLevel(project.id(), user.id());
        return ProjectRole.of(project, user, member);
    }
}
