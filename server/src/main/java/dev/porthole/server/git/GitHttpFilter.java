package dev.porthole.server.git;

import dev.porthole.server.account.Caller;
import dev.porthole.server.project.Project;
import dev.porthole.server.repository.RepositoryStorage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitFilter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;

/**
 * Serves {@code /<namespace>/<project>.git/...} with JGit's smart HTTP protocol after {@link GitAccess} allowed the
 * request; every other request passes through untouched.
 */
public class GitHttpFilter implements Filter {
    private static final String PROJECT_ATTRIBUTE = GitHttpFilter.class.getName() + ".project";
    private static final String CALLER_ATTRIBUTE = GitHttpFilter.class.getName() + ".caller";

    private final GitAccess access;
    private final GitFilter git = new GitFilter();

    public GitHttpFilter(GitAccess access, RepositoryStorage repositories, PushHook pushHook) {
        this.access = access;
        git.setRepositoryResolver((request, name) -> {
            Project project = (Project) request.getAttribute(PROJECT_ATTRIBUTE);
            if (project == null) {
                throw new ServiceNotAuthorizedException();
            }
            try {
                return repositories.open(project.id());
            } catch (IOException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        });
        git.setUploadPackFactory((request, repository) -> new UploadPack(repository));
        git.setReceivePackFactory((request, repository) -> {
            Project project = (Project) request.getAttribute(PROJECT_ATTRIBUTE);
            Caller caller = (Caller) request.getAttribute(CALLER_ATTRIBUTE);
            if (project == null || caller == null) {
                throw new ServiceNotAuthorizedException();
            }
            ReceivePack pack = new ReceivePack(repository);
            pack.setPreReceiveHook(PushHook::rejectReservedRefs);
            pack.setPostReceiveHook((rp, commands) -> pushHook.pushed(project, caller.user(), rp, commands));
            pack.setRefLogIdent(
                    new PersonIdent(caller.user().name(), caller.user().email()));
            return pack;
        });
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        git.init(config);
    }

    @Override
    public void destroy() {
        git.destroy();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<GitRequest> gitRequest = GitRequest.parse(path, request.getQueryString());
        if (gitRequest.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        switch (access.decide(
                gitRequest.get(), GitCredentials.fromAuthorizationHeader(request.getHeader("Authorization")))) {
            case GitAccess.Decision.Allowed allowed -> {
                request.setAttribute(PROJECT_ATTRIBUTE, allowed.project());
                request.setAttribute(CALLER_ATTRIBUTE, allowed.caller());
                git.doFilter(
                        new RootPathRequest(request, path), response, (rq, rs) -> notFound((HttpServletResponse) rs));
            }
            case GitAccess.Decision.Unauthenticated denied -> {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Porthole\"");
                plain(response, HttpServletResponse.SC_UNAUTHORIZED, denied.message());
            }
            case GitAccess.Decision.Forbidden denied ->
                plain(response, HttpServletResponse.SC_FORBIDDEN, denied.message());
            case GitAccess.Decision.NotFound notFound -> notFound(response);
        }
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        plain(response, HttpServletResponse.SC_NOT_FOUND, "The project you were looking for could not be found.");
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Presents the whole path as path info, which is where JGit looks for the repository and the git command. */
    private static final class RootPathRequest extends HttpServletRequestWrapper {
        private final String path;

        RootPathRequest(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public String getPathInfo() {
            return path;
        }
    }
}
