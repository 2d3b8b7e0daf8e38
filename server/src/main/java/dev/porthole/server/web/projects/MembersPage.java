package dev.porthole.server.web.projects;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Member;
import dev.porthole.server.project.MemberException;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /-/project_members}: maintainers see the members, add people by username with a role, change roles and
 * remove members. The page is for maintainers, as its tab is (the API lists members to everyone who may read the
 * project, as GitLab's does). Only owners give the Owner role or touch owners; the last owner stays.
 */
@Controller
class MembersPage {
    private final ProjectPages pages;
    private final ProjectService projects;
    private final AccountService accounts;

    MembersPage(ProjectPages pages, ProjectService projects, AccountService accounts) {
        this.pages = pages;
        this.projects = projects;
        this.accounts = accounts;
    }

    @GetMapping("/{namespace}/{project}/-/project_members")
    String list(Viewer viewer, @PathVariable String namespace, @PathVariable String project, Model model) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        return render(role, new MemberForm("", "guest"), new FormErrors(), null, model);
    }

    @PostMapping("/{namespace}/{project}/-/project_members")
    String add(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @RequestParam(name = "username", defaultValue = "") String username,
            @RequestParam(name = "access_level", defaultValue = "") String accessLevel,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        var form = new MemberForm(username, accessLevel);
        var errors = new FormErrors();
        String name = username.strip().replaceFirst("^@", "");
        Optional<AccessLevel> level = Roles.parse(accessLevel);
        Optional<User> user = name.isEmpty() ? Optional.empty() : accounts.findUserByUsername(name);
        if (name.isEmpty()) {
            errors.add("username", "Enter the username of the person to add");
        } else if (user.isEmpty() || !user.get().active()) {
            errors.add("username", "No active user is called " + name + ". Check the spelling");
        }
        if (level.isEmpty()) {
            errors.add("access_level", "Choose a role: guest, reporter, developer, maintainer or owner");
        }
        if (!errors.any()) {
            try {
                Member added = projects.addMember(role, user.get(), level.get());
                redirect.addFlashAttribute(
                        "notice", added.user().username() + " was added as " + Roles.label(added.level()) + ".");
                return "redirect:/" + role.project().fullPath() + "/-/project_members";
            } catch (MemberException e) {
                response.setStatus(statusOf(e));
                errors.add(
                        e.reason() == MemberException.Reason.ALREADY_MEMBER ? "username" : "access_level",
                        e.getMessage());
                return render(role, form, errors, null, model);
            }
        }
        response.setStatus(422);
        return render(role, form, errors, null, model);
    }

    @PostMapping("/{namespace}/{project}/-/project_members/{userId}")
    String change(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long userId,
            @RequestParam(name = "access_level", defaultValue = "") String accessLevel,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        Optional<AccessLevel> level = Roles.parse(accessLevel);
        if (level.isEmpty()) {
            response.setStatus(422);
            return render(role, new MemberForm("", "guest"), new FormErrors(), "Choose a role from the list.", model);
        }
        try {
            Member changed = projects.changeMember(role, userId, level.get());
            redirect.addFlashAttribute(
                    "notice", changed.user().username() + " is now " + Roles.label(changed.level()) + ".");
            return "redirect:/" + role.project().fullPath() + "/-/project_members";
        } catch (MemberException e) {
            response.setStatus(statusOf(e));
            return render(role, new MemberForm("", "guest"), new FormErrors(), e.getMessage(), model);
        }
    }

    @PostMapping("/{namespace}/{project}/-/project_members/{userId}/remove")
    String remove(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable long userId,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProjectRole role = pages.maintainer(viewer, namespace, project);
        try {
            Member removed = projects.removeMember(role, userId);
            redirect.addFlashAttribute(
                    "notice",
                    removed.user().username() + " was removed from "
                            + role.project().fullPath() + ".");
            boolean self = viewer.required().id() == userId;
            // Someone who removed themselves may not see the members any more.
            return "redirect:/" + (self && !viewer.admin() ? "" : role.project().fullPath() + "/-/project_members");
        } catch (MemberException e) {
            response.setStatus(statusOf(e));
            return render(role, new MemberForm("", "guest"), new FormErrors(), e.getMessage(), model);
        }
    }

    private static int statusOf(MemberException e) {
        return switch (e.reason()) {
            case OWNERS_ONLY -> 403;
            case NOT_MEMBER -> 404;
            case ALREADY_MEMBER, LAST_OWNER, NOT_A_ROLE -> 422;
        };
    }

    private String render(ProjectRole role, MemberForm form, FormErrors errors, String alert, Model model) {
        model.addAttribute("role", role);
        model.addAttribute("rows", MemberRow.of(projects.members(role.project()), role));
        model.addAttribute("grantable", Roles.grantable(role));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("alert", alert);
        return "projects/members";
    }
}
