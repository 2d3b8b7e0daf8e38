package dev.porthole.server.web;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import dev.porthole.server.security.SignedInUser;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves the {@link Viewer} of a page request, re-reading the signed-in user from the database. */
@Component
public class Viewers implements HandlerMethodArgumentResolver {
    private static final String CACHED = Viewers.class.getName();
    private final AccountService accounts;

    Viewers(AccountService accounts) {
        this.accounts = accounts;
    }

    public Viewer current() {
        var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attributes != null && attributes.getAttribute(CACHED, 0) instanceof Viewer cached) {
            return cached;
        }
        Viewer viewer = load();
        if (attributes != null) {
            attributes.setAttribute(CACHED, viewer, 0);
        }
        return viewer;
    }

    private Viewer load() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser signedIn)) {
            return Viewer.anonymous();
        }
        // Blocked since signing in: the session no longer counts.
        return accounts.findUser(signedIn.user().id())
                .filter(User::active)
                .map(Viewer::new)
                .orElseGet(Viewer::anonymous);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Viewer.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        return current();
    }
}
