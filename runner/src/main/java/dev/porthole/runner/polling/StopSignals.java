package dev.porthole.runner.polling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a stop request, instead of the JVM's default of running shutdown hooks and exiting
 * with 143: the runner then stops as it decides and exits with 0. A signal that was ignored when the process
 * started (a background job of a script) stays ignored.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    @SuppressWarnings("sunapi") // the JDK has no supported API for catching signals
    static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot catch SIG{}: {}; the shutdown hook stops the runner instead", name, e.getMessage());
            }
        }
    }
}
