/**
 * GitLab's CI/CD expression language, as written in {@code rules: - if:}: parsing it and deciding it against variables.
 */
package dev.porthole.server.ciconfig.expression;
