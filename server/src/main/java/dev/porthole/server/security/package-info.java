/**
 * How requests are authenticated: the filter chains for the API (tokens), git (its own basic authentication) and
 * the web pages, and the firewall settings GitLab's clients need.
 */
package dev.porthole.server.security;
