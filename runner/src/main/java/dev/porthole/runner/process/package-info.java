/**
 * Child processes the runner starts (scripts, git): each in its own process group, its output streamed as it
 * comes, and killed as a whole tree so that nothing a job started outlives it.
 */
package dev.porthole.runner.process;
