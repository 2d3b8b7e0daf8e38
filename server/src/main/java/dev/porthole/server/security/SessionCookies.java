package dev.porthole.server.security;

import jakarta.servlet.ServletContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.stereotype.Component;

/**
 * The session cookie is HttpOnly and SameSite=Lax always (application.yml), and Secure whenever the server is
 * reached over https: a Secure cookie on a plain-http server would make signing in impossible.
 */
@Component
class SessionCookies implements ServletContextInitializer {
    private final boolean https;

    SessionCookies(@Value("${porthole.external-url:}") String externalUrl) {
        this.https = externalUrl.startsWith("https://");
    }

    @Override
    public void onStartup(ServletContext context) {
        context.getSessionCookieConfig().setSecure(https);
        context.getSessionCookieConfig().setName("_porthole_session");
    }
}
