package dev.porthole.server.web;

import dev.porthole.server.security.SecurityConfiguration;
import dev.porthole.server.site.ServerVersion;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page its chrome, and turns page errors into error pages (or a trip to the sign-in page). */
@ControllerAdvice(basePackageClasses = PageAdvice.class)
class PageAdvice {
    private final Viewers viewers;

    PageAdvice(Viewers viewers) {
        this.viewers = viewers;
    }

    @ModelAttribute("chrome")
    Chrome chrome(HttpServletRequest request) {
        return chromeOf(request);
    }

    @ExceptionHandler(PageException.class)
    String onPageException(
            PageException failure, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (failure instanceof PageException.SignInRequired) {
            new HttpSessionRequestCache().saveRequest(request, response);
            return "redirect:" + SecurityConfiguration.SIGN_IN;
        }
        boolean notFound = failure instanceof PageException.NotFound;
        response.setStatus(notFound ? 404 : 403);
        model.addAttribute("chrome", chromeOf(request));
        model.addAttribute(
                "error",
                new ErrorView(
                        notFound ? 404 : 403, notFound ? "Page not found" : "Access denied", failure.getMessage()));
        return "error/page";
    }

    private Chrome chromeOf(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new Chrome(
                viewers.current(),
                csrf == null ? "_csrf" : csrf.getParameterName(),
                csrf == null ? "" : csrf.getToken(),
                request.getRequestURI(),
                ServerVersion.VERSION);
    }
}
