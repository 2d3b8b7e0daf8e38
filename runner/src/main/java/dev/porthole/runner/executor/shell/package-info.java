/** The shell executor: runs job scripts with bash on the runner's own machine, in the job's build directory. */
package dev.porthole.runner.executor.shell;
