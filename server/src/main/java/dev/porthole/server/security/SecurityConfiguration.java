package dev.porthole.server.security;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.pipeline.JobService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Three chains, in order: the API (stateless, tokens), git over HTTP (its own basic authentication in
 * {@code GitHttpFilter}), and everything else (the web pages).
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** GitLab's clients address projects by path with an encoded slash: {@code /projects/group%2Fproject}. */
    @Bean
    StrictHttpFirewall httpFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        return firewall;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AccountService accounts, JobService jobs) throws Exception {
        return http.securityMatcher("/api/v4/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(
                        new ApiTokenFilter(accounts, new JobTokens(jobs, accounts)),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> ApiTokenFilter.json(
                        response, HttpServletResponse.SC_UNAUTHORIZED, "{\"message\":\"401 Unauthorized\"}")))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain git(HttpSecurity http) throws Exception {
        return http.securityMatcher(request -> request.getRequestURI().matches("^/[^/]+/[^/]+\\.git(/.*)?$"))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /**
     * The web pages: form sign-in with GitLab's field names, CSRF on every form, a new session id at sign-in, and
     * lockout after repeated failures. Pages check project roles themselves (a hidden project is a 404, not a
     * sign-in prompt, for signed-in users); this chain only asks for a session where a page has no meaning without
     * one.
     */
    @Bean
    @Order(3)
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/-/user_settings/**", "/-/profile/**", "/admin/**", "/projects/new", "/projects")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .usernameParameter("user[login]")
                        .passwordParameter("user[password]")
                        .defaultSuccessUrl("/", false)
                        .failureHandler((request, response, failure) -> response.sendRedirect(request.getContextPath()
                                + SIGN_IN + "?" + SignInFailure.of(failure).query()))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/users/sign_out").logoutSuccessUrl(SIGN_IN + "?signed_out"))
                .sessionManagement(s -> s.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                        + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'"))
                        .frameOptions(frame -> frame.deny()))
                .build();
    }

    public static final String SIGN_IN = "/users/sign_in";
}
