package dev.porthole.server.terminalproxy;

import dev.porthole.server.outbound.OutboundDecision;
import dev.porthole.server.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves a runner's host at the moment of connecting and keeps only the addresses the outbound-request policy
 * allows now. The connection goes to one of those very addresses, so a name that resolved to a public address
 * when the session was offered cannot be pointed at the local network later (DNS rebinding).
 */
final class PolicyResolver implements SocketAddressResolver {
    private final Supplier<OutboundPolicy> policy;
    private final Executor executor;
    private final Lookup lookup;

    /** Name resolution; the system's, except in tests that play a name server changing its answer. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    PolicyResolver(Supplier<OutboundPolicy> policy, Executor executor) {
        this(policy, executor, InetAddress::getAllByName);
    }

    PolicyResolver(Supplier<OutboundPolicy> policy, Executor executor, Lookup lookup) {
        this.policy = policy;
        this.executor = executor;
        this.lookup = lookup;
    }

    /** The policy refused every address the host resolved to; the message says why in GitLab's words. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            try {
                promise.succeeded(allowed(host, port));
            } catch (UnknownHostException | Refused failure) {
                promise.failed(failure);
            }
        });
    }

    List<InetSocketAddress> allowed(String host, int port) throws UnknownHostException, Refused {
        OutboundPolicy now = policy.get();
        List<InetSocketAddress> allowed = new ArrayList<>();
        String refusal = null;
        for (InetAddress address : lookup.addresses(host)) {
            if (now.check(host, address, port) instanceof OutboundDecision.Refused refused) {
                refusal = refused.reason();
            } else {
                allowed.add(new InetSocketAddress(address, port));
            }
        }
        if (allowed.isEmpty()) {
            throw new Refused(refusal == null ? "No address to connect to" : refusal);
        }
        return allowed;
    }
}
