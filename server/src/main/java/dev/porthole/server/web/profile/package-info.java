/** The signed-in user's own profile pages: name and email, and changing the password. */
package dev.porthole.server.web.profile;
