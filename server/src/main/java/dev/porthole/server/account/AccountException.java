package dev.porthole.server.account;

/** A request about accounts that cannot be done as asked; the message says why, in words for the user. */
public class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccountException(String message) {
        super(message);
    }
}
