/** The signed-in user's personal access tokens: creating one (shown once), listing and revoking them. */
package dev.porthole.server.web.tokens;
