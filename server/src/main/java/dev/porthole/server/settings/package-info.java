/** Instance-wide settings an administrator can change at runtime, kept in the database. */
package dev.porthole.server.settings;
