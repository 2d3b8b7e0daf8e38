/** Runners as the server knows them: registration, their tokens, what they said about themselves, what they run. */
package dev.porthole.server.runner;
