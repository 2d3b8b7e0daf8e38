package dev.porthole.server.terminalproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porthole.server.outbound.Allowlist;
import dev.porthole.server.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;

/**
 * The address a terminal connection goes to is checked when it is dialled, not only when the session was offered:
 * a name that resolved to a public address then and to the local network now (DNS rebinding) is refused.
 */
class PolicyResolverTest {

    /** A name server whose answers change between lookups. */
    private static PolicyResolver.Lookup answering(String... addresses) {
        Deque<String> answers = new ArrayDeque<>(List.of(addresses));
        return host -> {
            String next = answers.size() > 1 ? answers.poll() : answers.peek();
            return new InetAddress[] {InetAddress.getByName(next)};
        };
    }

    private static List<InetSocketAddress> resolve(PolicyResolver resolver, String host, int port) throws Exception {
        var result = new CompletableFuture<List<InetSocketAddress>>();
        resolver.resolve(host, port, java.util.Map.of(), Promise.from(result));
        try {
            return result.get();
        } catch (ExecutionException failed) {
            throw (Exception) failed.getCause();
        }
    }

    @Test
    void aNameThatNowResolvesToTheLocalNetworkIsRefusedAtConnectTime() throws Exception {
        var resolver =
                new PolicyResolver(() -> OutboundPolicy.DEFAULT, Runnable::run, answering("93.184.216.34", "10.0.0.7"));

        assertThat(resolve(resolver, "runner.example.com", 8093))
                .containsExactly(new InetSocketAddress(InetAddress.getByName("93.184.216.34"), 8093));
        assertThatThrownBy(() -> resolve(resolver, "runner.example.com", 8093))
                .isInstanceOf(PolicyResolver.Refused.class)
                .hasMessage("Requests to the local network are not allowed");
    }

    @Test
    void onlyAllowedAddressesOfAMixedAnswerAreDialled() throws Exception {
        PolicyResolver.Lookup mixed =
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("93.184.216.34")};
        var resolver = new PolicyResolver(() -> OutboundPolicy.DEFAULT, Runnable::run, mixed);

        assertThat(resolve(resolver, "runner.example.com", 8093))
                .containsExactly(new InetSocketAddress(InetAddress.getByName("93.184.216.34"), 8093));
    }

    @Test
    void theAllowlistAndTheLocalNetworkSettingLetLocalAddressesThrough() throws Exception {
        var allowlisted = new PolicyResolver(
                () -> new OutboundPolicy(false, List.of(Allowlist.parseEntry("10.0.0.0/8"))),
                Runnable::run,
                answering("10.0.0.7"));
        var allowLocal =
                new PolicyResolver(() -> new OutboundPolicy(true, List.of()), Runnable::run, answering("127.0.0.1"));

        assertThat(resolve(allowlisted, "runner.internal", 8093)).hasSize(1);
        assertThat(resolve(allowLocal, "localhost", 8093)).hasSize(1);
        assertThatThrownBy(() -> resolve(
                        new PolicyResolver(() -> OutboundPolicy.DEFAULT, Runnable::run, answering("127.0.0.1")),
                        "localhost",
                        8093))
                .isInstanceOf(PolicyResolver.Refused.class)
                .hasMessage("Requests to localhost are not allowed");
    }

    @Test
    void anUnknownNameFailsAsSuch() {
        var resolver = new PolicyResolver(() -> OutboundPolicy.DEFAULT, Runnable::run, host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> resolve(resolver, "runner.invalid", 8093)).isInstanceOf(UnknownHostException.class);
    }
}
