/**
 * The docker executor: one container per job from the job's image, kept alive by an idle process, each step and
 * each terminal a {@code docker exec} in it (docker-java); services on a per-job network; everything labeled and
 * removed with the job.
 */
package dev.porthole.runner.executor.docker;
