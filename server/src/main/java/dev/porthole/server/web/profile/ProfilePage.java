package dev.porthole.server.web.profile;

import dev.porthole.server.account.AccountException;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /-/profile}: who the user is here (username, name, email, since when, whether an administrator), with the
 * name and email to edit; and {@code /-/profile/password/edit}, to change the password. Invalid input comes back in
 * the form with what to fix (422), and nothing is saved.
 */
@Controller
class ProfilePage {
    private static final String PROFILE = "/-/profile";
    private static final String PASSWORD = "/-/profile/password/edit";

    private final AccountService accounts;

    ProfilePage(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping(PROFILE)
    String show(Viewer viewer, Model model) {
        User user = signedIn(viewer);
        return profile(model, user, user.name(), user.email(), Map.of());
    }

    @PostMapping(PROFILE)
    String update(
            Viewer viewer,
            @RequestParam(name = "user[name]", defaultValue = "") String name,
            @RequestParam(name = "user[email]", defaultValue = "") String email,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User user = signedIn(viewer);
        try {
            accounts.updateProfile(user.id(), name, email);
        } catch (AccountException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return profile(model, user, name, email, Map.of(e.field(), e.getMessage()));
        }
        redirect.addFlashAttribute("notice", "Profile was successfully updated.");
        return "redirect:" + PROFILE;
    }

    @GetMapping(PASSWORD)
    String editPassword(Viewer viewer, Model model) {
        signedIn(viewer);
        model.addAttribute("errors", Map.of());
        return "profile/password";
    }

    /**
     * The new password takes effect at once. This session stays signed in (with a new id, as after signing in);
     * other sessions of the user are left as they are.
     */
    @PostMapping("/-/profile/password")
    String changePassword(
            Viewer viewer,
            @RequestParam(name = "user[password]", defaultValue = "") String current,
            @RequestParam(name = "user[new_password]", defaultValue = "") String replacement,
            @RequestParam(name = "user[password_confirmation]", defaultValue = "") String confirmation,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User user = signedIn(viewer);
        try {
            accounts.changePassword(user.id(), current, replacement, confirmation);
        } catch (AccountException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("errors", Map.of(e.field(), e.getMessage()));
            return "profile/password";
        }
        request.changeSessionId();
        redirect.addFlashAttribute("notice", "Password was successfully updated.");
        return "redirect:" + PASSWORD;
    }

    private static String profile(Model model, User user, String name, String email, Map<String, String> errors) {
        model.addAttribute("user", user);
        model.addAttribute("name", name);
        model.addAttribute("email", email);
        model.addAttribute("errors", errors);
        return "profile/show";
    }

    /** The security chain sends anonymous visitors to sign in; a session whose user was blocked since counts as none. */
    static User signedIn(Viewer viewer) {
        return viewer.asUser().orElseThrow(PageException.SignInRequired::new);
    }
}
