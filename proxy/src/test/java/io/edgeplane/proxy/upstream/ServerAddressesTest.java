package io.edgeplane.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.value.HostPort;
import io.edgeplane.proxy.balance.UpstreamServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAddressesTest {

    private static List<InetAddress> addresses(String... literals) throws Exception {
        List<InetAddress> list = new ArrayList<>();
        for (String literal : literals) {
            list.add(InetAddress.getByName(literal));
        }
        return list;
    }

    private static InetSocketAddress at(String literal, int port) {
        return new InetSocketAddress(literal, port);
    }

    private static InetSocketAddress next(ServerAddresses where) {
        return where.pick(where.snapshot());
    }

    @Test
    void newConnectionsTakeTheAddressesInTurn() throws Exception {
        ServerAddresses where = ServerAddresses.resolved(addresses("10.0.0.1", "10.0.0.2", "10.0.0.3"), 8080);

        List<InetSocketAddress> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(next(where));
        }

        assertThat(picked).containsExactly(at("10.0.0.1", 8080), at("10.0.0.2", 8080), at("10.0.0.3", 8080),
                at("10.0.0.1", 8080), at("10.0.0.2", 8080), at("10.0.0.3", 8080));
    }

    @Test
    void aPublishedSetIsUsedFromTheNextConnectionOn() throws Exception {
        ServerAddresses where = ServerAddresses.resolved(addresses("10.0.0.1"), 80);

        where.publish(addresses("10.0.0.7", "10.0.0.8"));

        assertThat(where.current()).containsExactly(at("10.0.0.7", 80), at("10.0.0.8", 80));
        assertThat(List.of(next(where), next(where))).containsExactlyInAnyOrder(at("10.0.0.7", 80), at("10.0.0.8", 80));
        assertThatThrownBy(() -> where.publish(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFixedAddressIsAlwaysTheSame() {
        ServerAddresses where = ServerAddresses.fixed(at("192.0.2.1", 81));

        assertThat(List.of(next(where), next(where))).containsOnly(at("192.0.2.1", 81));
        assertThatThrownBy(() -> ServerAddresses.fixed(InetSocketAddress.createUnresolved("app", 81)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdleConnectionIsReusedOnlyWhileTheNameStillHasItsAddress() throws Exception {
        ServerAddresses where = ServerAddresses.resolved(addresses("10.0.0.1", "10.0.0.2"), 80);
        UpstreamServer server = new UpstreamServer(0, new HostPort("app", 80), 1, false);
        ConnectionCache cache = new ConnectionCache(1, 4, Long.MAX_VALUE);
        InetSocketAddress[] set = where.snapshot();
        UpstreamConnection toFirst = new UpstreamConnection(server, cache, at("10.0.0.1", 80), set, decoder(), IDLE);
        UpstreamConnection toSecond = new UpstreamConnection(server, cache, at("10.0.0.2", 80), set, decoder(), IDLE);
        assertThat(toFirst.stillServedBy(where)).isTrue();

        where.publish(addresses("10.0.0.2", "10.0.0.3"));

        assertThat(toFirst.stillServedBy(where)).isFalse();
        assertThat(toSecond.stillServedBy(where)).isTrue();
        assertThat(toSecond.stillServedBy(where)).isTrue();
    }

    private static final long IDLE = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private static UpstreamResponseDecoder decoder() {
        return new UpstreamResponseDecoder(new io.netty.handler.codec.http.HttpDecoderConfig());
    }
}
