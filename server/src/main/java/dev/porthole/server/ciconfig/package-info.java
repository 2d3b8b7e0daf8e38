/**
 * Compiles a {@code .gitlab-ci.yml} into the stages and job definitions of a pipeline, with errors that name the
 * job, the keyword and the line.
 */
package dev.porthole.server.ciconfig;
