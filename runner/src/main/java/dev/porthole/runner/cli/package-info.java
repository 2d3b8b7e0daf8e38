/** The runner's command line: {@code register}, {@code run}, {@code verify}, {@code unregister}, {@code list}. */
package dev.porthole.runner.cli;
