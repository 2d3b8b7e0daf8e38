/** Conventions every store shares when turning rows into values and back. */
package dev.porthole.server.persistence;
