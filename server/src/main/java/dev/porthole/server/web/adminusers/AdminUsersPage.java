package dev.porthole.server.web.adminusers;

import dev.porthole.server.account.AccountException;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.account.UserAdministration;
import dev.porthole.server.account.UserQuery;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Admin › Users, at GitLab's URLs: {@code /admin/users} (search and filters), {@code /admin/users/new}, {@code
 * /admin/users/:username} and its {@code /edit}, and the actions block, unblock, unlock, make and remove admin. The
 * area does not exist for anyone but administrators (404, as GitLab answers). An administrator cannot block or
 * demote themself, so that someone is always left to undo a mistake.
 */
@Controller
class AdminUsersPage {
    static final String USERS = "/admin/users";
    private static final int PER_PAGE = 20;

    private final AccountService accounts;
    private final UserAdministration administration;

    AdminUsersPage(AccountService accounts, UserAdministration administration) {
        this.accounts = accounts;
        this.administration = administration;
    }

    /** The list's filters, as GitLab's tabs name them. */
    enum Filter {
        ALL("all", "All"),
        ADMINS("admins", "Admins"),
        BLOCKED("blocked", "Blocked");

        final String query;
        final String label;

        Filter(String query, String label) {
            this.query = query;
            this.label = label;
        }

        static Filter of(String query) {
            for (Filter f : values()) {
                if (f.query.equals(query)) {
                    return f;
                }
            }
            return ALL;
        }

        UserQuery with(String search) {
            return new UserQuery(search, null, this == BLOCKED ? "blocked" : null, this == ADMINS);
        }
    }

    @GetMapping(USERS)
    String index(
            Viewer viewer,
            @RequestParam(name = "filter", required = false) String filterName,
            @RequestParam(name = "search_query", required = false) String search,
            @RequestParam(name = "page", defaultValue = "1") int page,
            Model model) {
        admin(viewer);
        Filter filter = Filter.of(filterName);
        String cleanSearch = search == null ? "" : search.strip();
        UserQuery query = filter.with(cleanSearch);
        long total = accounts.countUsers(query);
        int pages = (int) Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
        int current = Math.clamp(page, 1, pages);
        List<UserRow> rows = accounts.findUsers(query, (current - 1) * PER_PAGE, PER_PAGE).stream()
                .map(this::row)
                .toList();
        List<FilterTab> tabs = List.of(Filter.values()).stream()
                .map(f -> new FilterTab(
                        f.label, link(f, cleanSearch, 1), accounts.countUsers(f.with(cleanSearch)), f == filter))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("tabs", tabs);
        model.addAttribute("search", cleanSearch);
        model.addAttribute("filter", filter.query);
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("total", total);
        model.addAttribute("previous", current > 1 ? link(filter, cleanSearch, current - 1) : null);
        model.addAttribute("next", current < pages ? link(filter, cleanSearch, current + 1) : null);
        return "adminusers/index";
    }

    @GetMapping(USERS + "/new")
    String newUser(Viewer viewer, Model model) {
        admin(viewer);
        return form(model, UserForm.empty(), Map.of(), null);
    }

    @PostMapping(USERS)
    String create(
            Viewer viewer,
            @RequestParam(name = "user[username]", defaultValue = "") String username,
            @RequestParam(name = "user[name]", defaultValue = "") String name,
            @RequestParam(name = "user[email]", defaultValue = "") String email,
            @RequestParam(name = "user[password]", defaultValue = "") String password,
            @RequestParam(name = "user[admin]", defaultValue = "false") boolean admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        admin(viewer);
        User created;
        try {
            created = accounts.createUser(username, name, email, password, admin);
        } catch (AccountException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return form(model, new UserForm(username, name, email, admin), Map.of(e.field(), e.getMessage()), null);
        }
        redirect.addFlashAttribute("notice", "User " + created.username() + " was successfully created.");
        return "redirect:" + userPath(created);
    }

    @GetMapping(USERS + "/{username}")
    String show(Viewer viewer, @PathVariable String username, Model model) {
        User self = admin(viewer);
        User user = user(username);
        model.addAttribute("row", row(user));
        model.addAttribute("self", self.id() == user.id());
        model.addAttribute(
                "activeTokens",
                accounts.tokensOf(user.id()).stream()
                        .filter(t -> t.usableOn(accounts.today()))
                        .count());
        return "adminusers/show";
    }

    @GetMapping(USERS + "/{username}/edit")
    String edit(Viewer viewer, @PathVariable String username, Model model) {
        admin(viewer);
        User user = user(username);
        return form(model, new UserForm(user.username(), user.name(), user.email(), user.admin()), Map.of(), user);
    }

    @PostMapping(USERS + "/{username}")
    String update(
            Viewer viewer,
            @PathVariable String username,
            @RequestParam(name = "user[name]", defaultValue = "") String name,
            @RequestParam(name = "user[email]", defaultValue = "") String email,
            @RequestParam(name = "user[password]", defaultValue = "") String password,
            @RequestParam(name = "user[password_confirmation]", defaultValue = "") String confirmation,
            @RequestParam(name = "user[admin]", defaultValue = "false") boolean admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User self = admin(viewer);
        User user = user(username);
        try {
            if (!password.equals(confirmation)) {
                throw AccountException.invalid("password_confirmation", "doesn't match the password");
            }
            administration.update(
                    self,
                    user.id(),
                    new UserAdministration.Changes(name, email, admin, password.isEmpty() ? null : password));
        } catch (AccountException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return form(
                    model, new UserForm(user.username(), name, email, admin), Map.of(e.field(), e.getMessage()), user);
        }
        redirect.addFlashAttribute("notice", "User " + user.username() + " was successfully updated.");
        return "redirect:" + userPath(user);
    }

    @PostMapping(USERS + "/{username}/block")
    String block(Viewer viewer, @PathVariable String username, RedirectAttributes redirect) {
        User self = admin(viewer);
        User user = user(username);
        return act(user, redirect, () -> {
            administration.block(self, user.id());
            return "Blocked " + user.username() + ". They can no longer sign in, and their tokens stop working.";
        });
    }

    @PostMapping(USERS + "/{username}/unblock")
    String unblock(Viewer viewer, @PathVariable String username, RedirectAttributes redirect) {
        admin(viewer);
        User user = user(username);
        return act(user, redirect, () -> {
            administration.unblock(user.id());
            return "Unblocked " + user.username() + ". They can sign in again.";
        });
    }

    @PostMapping(USERS + "/{username}/unlock")
    String unlock(Viewer viewer, @PathVariable String username, RedirectAttributes redirect) {
        admin(viewer);
        User user = user(username);
        return act(user, redirect, () -> {
            administration.unlock(user.id());
            return "Unlocked " + user.username() + ". They can try to sign in again now.";
        });
    }

    @PostMapping(USERS + "/{username}/make_admin")
    String makeAdmin(Viewer viewer, @PathVariable String username, RedirectAttributes redirect) {
        User self = admin(viewer);
        User user = user(username);
        return act(user, redirect, () -> {
            administration.setAdmin(self, user.id(), true);
            return user.username() + " is now an administrator.";
        });
    }

    @PostMapping(USERS + "/{username}/remove_admin")
    String removeAdmin(Viewer viewer, @PathVariable String username, RedirectAttributes redirect) {
        User self = admin(viewer);
        User user = user(username);
        return act(user, redirect, () -> {
            administration.setAdmin(self, user.id(), false);
            return user.username() + " is no longer an administrator.";
        });
    }

    /** Runs an action and goes back to the user's page with what happened, or why it did not. */
    private String act(User user, RedirectAttributes redirect, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (AccountException e) {
            redirect.addFlashAttribute("alert", e.getMessage());
        }
        return "redirect:" + userPath(user);
    }

    private String form(Model model, UserForm form, Map<String, String> errors, User editing) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("editing", editing);
        return editing == null ? "adminusers/new" : "adminusers/edit";
    }

    private UserRow row(User user) {
        return new UserRow(user, administration.lockedUntil(user.id()).orElse(null));
    }

    private User user(String username) {
        return accounts.findUserByUsername(username)
                .orElseThrow(() -> new PageException.NotFound(
                        "There is no user " + username + ". Find the account in the list of users."));
    }

    /** Administrators only: for anyone else the admin area does not exist. */
    private static User admin(Viewer viewer) {
        User user = viewer.asUser().orElseThrow(PageException.SignInRequired::new);
        if (!user.admin()) {
            throw new PageException.NotFound("The page you were looking for does not exist.");
        }
        return user;
    }

    static String userPath(User user) {
        return USERS + "/" + UriUtils.encodePathSegment(user.username(), StandardCharsets.UTF_8);
    }

    private static String link(Filter filter, String search, int page) {
        StringBuilder href = new StringBuilder(USERS);
        String separator = "?";
        if (filter != Filter.ALL) {
            href.append(separator).append("filter=").append(filter.query);
            separator = "&";
        }
        if (!search.isEmpty()) {
            href.append(separator)
                    .append("search_query=")
                    .append(UriUtils.encodeQueryParam(search, StandardCharsets.UTF_8));
            separator = "&";
        }
        if (page > 1) {
            href.append(separator).append("page=").append(page);
        }
        return href.toString();
    }
}
