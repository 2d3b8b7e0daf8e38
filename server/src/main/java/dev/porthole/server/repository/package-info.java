/** The projects' bare git repositories on disk: creating them, reading files at a commit, writing refs. */
package dev.porthole.server.repository;
