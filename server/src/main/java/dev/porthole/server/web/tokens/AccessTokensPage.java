package dev.porthole.server.web.tokens;

import dev.porthole.server.account.AccessToken;
import dev.porthole.server.account.AccountException;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.account.User;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /-/user_settings/personal_access_tokens}, as GitLab has it: a form for a new token, the new token shown
 * once (it crosses the redirect in the session's flash, then only its digest remains), the active tokens with
 * Revoke, and the revoked and expired ones below. A user reaches only their own tokens: another user's token id is
 * a 404, as if it did not exist.
 */
@Controller
class AccessTokensPage {
    static final String PATH = "/-/user_settings/personal_access_tokens";
    /** The scopes the form offers, in GitLab's order, with what each allows. */
    private static final Map<TokenScope, String> OFFERED = Map.of(
            TokenScope.API, "Read and write through the API, and pull and push over git.",
            TokenScope.READ_API, "Read through the API: projects, pipelines, jobs and their logs.",
            TokenScope.READ_REPOSITORY, "Clone and pull repositories over git.",
            TokenScope.WRITE_REPOSITORY, "Clone, pull and push repositories over git.");

    private final AccountService accounts;

    AccessTokensPage(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping(PATH)
    String index(Viewer viewer, Model model) {
        User user = signedIn(viewer);
        return page(model, user, TokenForm.empty(), Map.of());
    }

    @PostMapping(PATH)
    String create(
            Viewer viewer,
            @RequestParam(name = "personal_access_token[name]", defaultValue = "") String name,
            @RequestParam(name = "personal_access_token[expires_at]", defaultValue = "") String expiresAt,
            @RequestParam(name = "personal_access_token[scopes][]", required = false) List<String> scopes,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        User user = signedIn(viewer);
        var form = new TokenForm(name, expiresAt, scopes == null ? Set.of() : Set.copyOf(scopes));
        String token;
        try {
            token = accounts.createToken(user.id(), name, scopesOf(form), dateOf(expiresAt));
        } catch (AccountException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model, user, form, Map.of(e.field(), message(e)));
        }
        redirect.addFlashAttribute("newToken", token);
        redirect.addFlashAttribute("newTokenName", name.strip());
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/{id}/revoke")
    String revoke(Viewer viewer, @PathVariable long id, RedirectAttributes redirect) {
        User user = signedIn(viewer);
        AccessToken token = accounts.revokeToken(user.id(), id)
                .orElseThrow(() -> new PageException.NotFound(
                        "You have no personal access token with this id. It may belong to someone else."));
        redirect.addFlashAttribute(
                "notice", "Revoked personal access token " + token.name() + ". Requests that use it now fail.");
        return "redirect:" + PATH;
    }

    private String page(Model model, User user, TokenForm form, Map<String, String> errors) {
        LocalDate today = accounts.today();
        List<TokenRow> rows = accounts.tokensOf(user.id()).stream()
                .sorted(Comparator.comparingLong(AccessToken::id).reversed())
                .map(t -> TokenRow.of(t, today))
                .toList();
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("offered", offered());
        model.addAttribute("descriptions", OFFERED);
        model.addAttribute("tomorrow", today.plusDays(1).toString());
        model.addAttribute("active", rows.stream().filter(TokenRow::active).toList());
        model.addAttribute("inactive", rows.stream().filter(r -> !r.active()).toList());
        return "tokens/index";
    }

    private static List<TokenScope> offered() {
        return OFFERED.keySet().stream()
                .sorted(Comparator.comparingInt(TokenScope::ordinal))
                .toList();
    }

    private static Set<TokenScope> scopesOf(TokenForm form) {
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        for (String name : form.scopes()) {
            scopes.add(TokenScope.fromWireName(name)
                    .orElseThrow(() -> AccountException.invalid("scopes", "has an unknown scope: " + name)));
        }
        if (scopes.isEmpty()) {
            throw AccountException.invalid("scopes", "must include at least one scope: choose what the token may do");
        }
        return scopes;
    }

    private static LocalDate dateOf(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw AccountException.invalid("expires_at", "is not a date: write it as YYYY-MM-DD");
        }
    }

    /** The error in the words of the form's labels. */
    private static String message(AccountException e) {
        return switch (e.field()) {
            case "name" -> "Token name " + e.problem();
            case "expires_at" -> "Expiration date " + e.problem();
            case "scopes" -> "Scopes " + e.problem();
            default -> e.getMessage();
        };
    }

    private static User signedIn(Viewer viewer) {
        return viewer.asUser().orElseThrow(PageException.SignInRequired::new);
    }
}
