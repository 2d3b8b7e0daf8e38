package dev.porthole.server.security;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by personal access token: {@code PRIVATE-TOKEN} header, {@code private_token}
 * parameter, or {@code Authorization: Bearer}. A token that is given but invalid is refused at once (401); no
 * token leaves the request anonymous, for the endpoint to decide. A read-only token may only read.
 *
 * <p>A running job's token ({@code JOB-TOKEN} header or {@code job_token} parameter) is accepted where GitLab accepts
 * it for scripts: downloading its project's artifacts. It acts as the user who started the job, read-only, within
 * that project. The runner API ({@code /api/v4/jobs/...}) checks job tokens itself and is left alone.
 *
 * <p>Created with {@code new} for the API chain only, so that Spring does not also register it for every request.
 */
class ApiTokenFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";
    private static final Pattern JOB_TOKEN_PATHS =
            Pattern.compile("/api/v4/projects/[^/]+/jobs/(\\d+/artifacts(/.*)?|artifacts/[^/]+/download)");
    private final AccountService accounts;
    private final JobTokens jobTokens;

    ApiTokenFilter(AccountService accounts, JobTokens jobTokens) {
        this.accounts = accounts;
        this.jobTokens = jobTokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = tokenOf(request);
        Optional<String> jobToken = jobTokenOf(request);
        if (token.isEmpty() && jobToken.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller =
                token.isPresent() ? accounts.authenticateToken(token.get()) : jobTokens.authenticate(jobToken.get());
        if (caller.isEmpty()) {
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"message\":\"401 Unauthorized\"}");
            return;
        }
        if (!caller.get().mayReadApi() || (!caller.get().mayWriteApi() && !isRead(request))) {
            json(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher"
                            + " privileges than provided by the access token.\",\"scope\":\"api\"}");
            return;
        }
        var authorities = caller.get().user().admin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, authorities));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static Optional<String> tokenOf(HttpServletRequest request) {
        String header = request.getHeader("PRIVATE-TOKEN");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).strip());
        }
        return Optional.ofNullable(request.getParameter("private_token")).filter(t -> !t.isBlank());
    }

    private static Optional<String> jobTokenOf(HttpServletRequest request) {
        if (!isRead(request)
                || !JOB_TOKEN_PATHS.matcher(request.getRequestURI()).matches()) {
            return Optional.empty();
        }
        String header = request.getHeader("JOB-TOKEN");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        return Optional.ofNullable(request.getParameter("job_token")).filter(t -> !t.isBlank());
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
