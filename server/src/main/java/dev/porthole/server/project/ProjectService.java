package dev.porthole.server.project;

import dev.porthole.server.account.User;
import dev.porthole.server.repository.RepositoryStorage;
import java.time.Clock;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates projects: the row, the creator's ownership and the bare repository, together. */
@Service
public class ProjectService {
    public static final String DEFAULT_BRANCH = "main";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    private final ProjectStore projects;
    private final RepositoryStorage repositories;
    private final Clock clock;

    public ProjectService(ProjectStore projects, RepositoryStorage repositories, Clock clock) {
        this.projects = projects;
        this.repositories = repositories;
        this.clock = clock;
    }

    /**
     * Creates a project in the owner's namespace with an empty repository.
     *
     * @param path null to derive it from the name
     */
    @Transactional
    public Project create(User owner, String name, String path, String description, Visibility visibility) {
        String effectivePath = path == null || path.isBlank() ? pathFromName(name) : path;
        if (name == null || name.isBlank()) {
            throw new ProjectException("name can't be blank");
        }
        if (!PATH.matcher(effectivePath).matches() || effectivePath.endsWith(".git")) {
            throw new ProjectException("path '" + effectivePath + "' may hold only letters, digits, '_', '-' and"
                    + " '.', must start with a letter, digit or '_', and must not end in '.git'");
        }
        if (projects.findByPath(owner.username(), effectivePath).isPresent()) {
            throw new ProjectException("path '" + effectivePath + "' has already been taken");
        }
        var now = clock.instant();
        Project project = projects.insert(
                owner.username(),
                effectivePath,
                name.strip(),
                description == null ? "" : description,
                visibility,
                DEFAULT_BRANCH,
                owner.id(),
                now);
        projects.addMember(project.id(), owner.id(), AccessLevel.OWNER, now);
        repositories.create(project.id(), DEFAULT_BRANCH);
        return project;
    }

    /**
     * Gives a user a role in a project. An owner cannot be added this way: a project has the one who created it.
     *
     * @return false when the user is a member already (and keeps their role)
     * @throws ProjectException when the level is not a role
     */
    @Transactional
    public boolean addMember(Project project, User user, AccessLevel level) {
        if (level == AccessLevel.NONE || level == AccessLevel.OWNER) {
            throw new ProjectException(
                    "access_level must be 10, 20, 30 or 40 (guest, reporter, developer," + " maintainer)");
        }
        if (projects.memberLevel(project.id(), user.id()) != AccessLevel.NONE) {
            return false;
        }
        projects.addMember(project.id(), user.id(), level, clock.instant());
        return true;
    }

    static String pathFromName(String name) {
        if (name == null) {
            return "";
        }
        return name.strip().replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
    }
}
