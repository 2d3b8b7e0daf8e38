package dev.porthole.server.security;

import dev.porthole.server.account.User;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A web session's principal: the user as they were when they signed in. Pages re-read the user when a change of
 * role or state must take effect at once.
 */
public record SignedInUser(User user, String passwordHash, boolean locked) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return user.admin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return user.username();
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return user.active();
    }

    /** Keeps the password hash out of logs and error pages. */
    @Override
    public String toString() {
        return "SignedInUser[" + user.username() + "]";
    }
}
