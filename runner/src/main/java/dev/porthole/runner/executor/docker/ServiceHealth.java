package dev.porthole.runner.executor.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a service listens: a TCP connection from the runner's machine to the service's address on the job's
 * network (a bridge network, which the engine's machine reaches), tried until it is accepted or time is up.
 */
final class ServiceHealth {
    private ServiceHealth() {}

    static boolean awaitListening(String address, int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 1000);
                return true;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }
}
