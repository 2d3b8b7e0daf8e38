package dev.porthole.server.web;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether Node.js answers, for the tests that run the pages' scripts in it beside their Java counterparts. */
public final class NodeRuntime {
    private NodeRuntime() {}

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
