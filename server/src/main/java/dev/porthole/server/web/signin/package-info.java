/** The sign-in page; Spring Security handles the form it posts, sign-out and the lockout count. */
package dev.porthole.server.web.signin;
