/** The projects' bare git repositories on disk: creating and removing them, reading folders, files and refs. */
package dev.porthole.server.repository;
