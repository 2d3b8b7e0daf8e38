package dev.porthole.server.security;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.SignInLockout;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Who may sign in to the web pages with a password, and the lockout count of those who fail. */
@Component
class SignInUsers implements UserDetailsService {
    private final AccountService accounts;
    private final SignInLockout lockout;

    SignInUsers(AccountService accounts, SignInLockout lockout) {
        this.accounts = accounts;
        this.lockout = lockout;
    }

    @Override
    public UserDetails loadUserByUsername(String login) {
        var user = accounts.findUserByLogin(login).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        String hash = accounts.passwordHash(user.id()).orElse("{noop}-no-password-");
        return new SignedInUser(user, hash, lockout.lockedUntil(user.id()).isPresent());
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        lockout.failed(event.getAuthentication().getName());
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInUser signedIn) {
            lockout.succeeded(signedIn.user().id());
        }
    }
}
