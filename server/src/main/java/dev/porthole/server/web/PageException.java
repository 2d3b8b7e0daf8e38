package dev.porthole.server.web;

/** Ends a page request with an error page that says what happened and what to do. */
public sealed class PageException extends RuntimeException {

    private PageException(String message) {
        super(message);
    }

    /** 404: also what a user sees of a project they may not know exists. */
    public static final class NotFound extends PageException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 403: the user may see the thing but not do this to it. */
    public static final class Forbidden extends PageException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** 302 to the sign-in page, for anonymous visitors of something that may exist for signed-in users. */
    public static final class SignInRequired extends PageException {
        public SignInRequired() {
            super("Sign in to continue.");
        }
    }
}
