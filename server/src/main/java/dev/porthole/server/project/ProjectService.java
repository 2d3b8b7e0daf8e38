package dev.porthole.server.project;

import dev.porthole.server.account.User;
import dev.porthole.server.persistence.AfterCommit;
import dev.porthole.server.repository.RepositoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes projects (the row, the creator's ownership and the bare repository, together), and
 * keeps the rules for members: only owners make or touch owners, and a project always keeps one.
 */
@Service
public class ProjectService {
    public static final String DEFAULT_BRANCH = "main";
    public static final String README = "README.md";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 2000;

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
        return create(owner, name, path, description, visibility, false);
    }

    /**
     * Creates a project in the owner's namespace; with {@code readme}, its repository starts with one commit on the
     * default branch holding a {@code README.md}, as GitLab's "Initialize repository with a README" does.
     *
     * @param path null or blank to derive it from the name
     */
    @Transactional
    public Project create(
            User owner, String name, String path, String description, Visibility visibility, boolean readme) {
        if (name == null || name.isBlank()) {
            throw new ProjectException("name", "can't be blank");
        }
        String effectivePath = path == null || path.isBlank() ? pathFromName(name) : path.strip();
        checkName(name);
        checkDescription(description);
        if (!PATH.matcher(effectivePath).matches() || effectivePath.endsWith(".git")) {
            throw new ProjectException(
                    "path",
                    "path '" + effectivePath + "' may hold only letters, digits, '_', '-' and"
                            + " '.', must start with a letter, digit or '_', and must not end in '.git'");
        }
        if (projects.findByPath(owner.username(), effectivePath).isPresent()) {
            throw new ProjectException("path", "path '" + effectivePath + "' has already been taken");
        }
        var now = clock.instant();
        Project project = projects.insert(
                owner.username(),
                effectivePath,
                name.strip(),
                description == null ? "" : description.strip(),
                visibility,
                DEFAULT_BRANCH,
                owner.id(),
                now);
        projects.addMember(project.id(), owner.id(), AccessLevel.OWNER, now);
        repositories.create(project.id(), DEFAULT_BRANCH);
        if (readme) {
            repositories.commit(
                    project.id(),
                    DEFAULT_BRANCH,
                    Map.of(README, readmeOf(project).getBytes(StandardCharsets.UTF_8)),
                    "Initial commit",
                    new PersonIdent(owner.name(), owner.email()));
        }
        return project;
    }

    private static String readmeOf(Project project) {
        String text = "# " + project.name() + "\n";
        if (!project.description().isBlank()) {
            text += "\n" + project.description() + "\n";
        }
        return text;
    }

    /** Changes what a project is called, says about itself, and who can see it. Its path stays. */
    @Transactional
    public Project update(Project project, String name, String description, Visibility visibility) {
        if (name == null || name.isBlank()) {
            throw new ProjectException("name", "can't be blank");
        }
        checkName(name);
        checkDescription(description);
        projects.update(project.id(), name.strip(), description == null ? "" : description.strip(), visibility);
        return projects.findById(project.id()).orElseThrow();
    }

    /**
     * Deletes the project with its members, pipelines, jobs and variables; its repository is removed from disk once
     * that is committed. Job files (artifacts) are the caller's to remove.
     */
    @Transactional
    public void delete(Project project) {
        projects.lock(project.id());
        if (projects.delete(project.id())) {
            AfterCommit.run(() -> repositories.delete(project.id()));
        }
    }

    private static void checkName(String name) {
        if (name.strip().length() > MAX_NAME) {
            throw new ProjectException("name", "is too long (maximum is " + MAX_NAME + " characters)");
        }
    }

    private static void checkDescription(String description) {
        if (description != null && description.strip().length() > MAX_DESCRIPTION) {
            throw new ProjectException("description", "is too long (maximum is " + MAX_DESCRIPTION + " characters)");
        }
    }

    /**
     * Gives a user a role in a project, without asking who does it (set-up and tests).
     *
     * @return false when the user is a member already (and keeps their role)
     * @throws ProjectException when the level is not a role
     */
    @Transactional
    public boolean addMember(Project project, User user, AccessLevel level) {
        requireRole(level);
        if (projects.memberLevel(project.id(), user.id()) != AccessLevel.NONE) {
            return false;
        }
        projects.addMember(project.id(), user.id(), level, clock.instant());
        return true;
    }

    public List<Member> members(Project project) {
        return projects.members(project.id());
    }

    public Optional<Member> member(Project project, long userId) {
        return projects.member(project.id(), userId);
    }

    /**
     * Gives a user a role, on behalf of {@code actor}, a maintainer or owner (the caller checks that): only owners
     * give the Owner role.
     *
     * @throws MemberException when the user is a member already, or the role is not the actor's to give
     */
    @Transactional
    public Member addMember(ProjectRole actor, User user, AccessLevel level) {
        requireRole(level);
        Project project = actor.project();
        if (level == AccessLevel.OWNER && !actor.level().atLeast(AccessLevel.OWNER)) {
            throw new MemberException(MemberException.Reason.OWNERS_ONLY, "Only owners can give the Owner role.");
        }
        if (projects.memberLevel(project.id(), user.id()) != AccessLevel.NONE) {
            throw new MemberException(
                    MemberException.Reason.ALREADY_MEMBER,
                    user.username() + " is a member of " + project.fullPath() + " already.");
        }
        projects.addMember(project.id(), user.id(), level, clock.instant());
        return projects.member(project.id(), user.id()).orElseThrow();
    }

    /**
     * Changes a member's role on behalf of {@code actor}: only owners change an owner's role or make someone an
     * owner, and the last owner stays one.
     */
    @Transactional
    public Member changeMember(ProjectRole actor, long userId, AccessLevel level) {
        requireRole(level);
        Project project = actor.project();
        projects.lock(project.id());
        Member member = existing(project, userId);
        boolean touchesOwner = level == AccessLevel.OWNER || member.level() == AccessLevel.OWNER;
        if (touchesOwner && !actor.level().atLeast(AccessLevel.OWNER)) {
            throw new MemberException(
                    MemberException.Reason.OWNERS_ONLY,
                    "Only owners can make someone an owner or change an owner's role.");
        }
        if (member.level() == AccessLevel.OWNER && level != AccessLevel.OWNER && lastOwner(project)) {
            throw new MemberException(
                    MemberException.Reason.LAST_OWNER,
                    member.user().username() + " is the last owner of " + project.fullPath()
                            + ". Make someone else an owner first.");
        }
        projects.changeMemberLevel(project.id(), userId, level);
        return projects.member(project.id(), userId).orElseThrow();
    }

    /** Removes a member on behalf of {@code actor}: only owners remove owners, and never the last one. */
    @Transactional
    public Member removeMember(ProjectRole actor, long userId) {
        Project project = actor.project();
        projects.lock(project.id());
        Member member = existing(project, userId);
        if (member.level() == AccessLevel.OWNER) {
            if (!actor.level().atLeast(AccessLevel.OWNER)) {
                throw new MemberException(MemberException.Reason.OWNERS_ONLY, "Only owners can remove an owner.");
            }
            if (lastOwner(project)) {
                throw new MemberException(
                        MemberException.Reason.LAST_OWNER,
                        member.user().username() + " is the last owner of " + project.fullPath()
                                + " and cannot be removed. Make someone else an owner first.");
            }
        }
        projects.removeMember(project.id(), userId);
        return member;
    }

    private Member existing(Project project, long userId) {
        return projects.member(project.id(), userId)
                .orElseThrow(() -> new MemberException(
                        MemberException.Reason.NOT_MEMBER, "That user is not a member of " + project.fullPath() + "."));
    }

    private boolean lastOwner(Project project) {
        return projects.countMembersAt(project.id(), AccessLevel.OWNER) <= 1;
    }

    private static void requireRole(AccessLevel level) {
        if (level == null || level == AccessLevel.NONE) {
            throw new MemberException(
                    MemberException.Reason.NOT_A_ROLE,
                    "access_level must be 10, 20, 30, 40 or 50 (guest, reporter, developer, maintainer, owner)");
        }
    }

    /** GitLab's path for a name: what is not a letter, digit, '_', '-' or '.' becomes '-'. */
    public static String pathFromName(String name) {
        if (name == null) {
            return "";
        }
        return name.strip().replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
    }
}
