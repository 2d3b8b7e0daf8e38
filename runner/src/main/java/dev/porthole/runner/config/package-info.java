/**
 * gitlab-runner's {@code config.toml}: reading it with errors that name the file, line and key, and writing the
 * entries that {@code register} adds and {@code unregister} removes.
 */
package dev.porthole.runner.config;
