package io.edgeplane.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void usesEpollByDefaultAndBindsWithItsChannelType() throws Exception {
        try (EventLoops loops = EventLoops.create(1, "auto")) {
            assertThat(loops.threads()).isEqualTo(1);
            assertThat(loops.transportName()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
            if (System.getProperty("os.name").startsWith("Linux")) {
                assertThat(loops.transportName()).as("epoll loads on Linux: %s", Epoll.unavailabilityCause()).isEqualTo("epoll");
            }
            bindsAndAccepts(loops);
        }
    }

    @Test
    void eachTransportCanBeChosenByHand() throws Exception {
        for (String transport : new String[] {"epoll", "nio", "io_uring"}) {
            try (EventLoops loops = EventLoops.create(1, transport)) {
                String expected = switch (transport) {
                    case "io_uring" -> IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
                    case "epoll" -> Epoll.isAvailable() ? "epoll" : "nio";
                    default -> "nio";
                };
                assertThat(loops.transportName()).isEqualTo(expected);
                bindsAndAccepts(loops);
            }
        }
    }

    @Test
    void anUnknownTransportIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventLoops.create(1, "kqueue"))
                .hasMessageContaining("auto, io_uring, epoll or nio");
    }

    private static void bindsAndAccepts(EventLoops loops) throws Exception {
        {
            Channel server = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelType())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            assertThat(port).isPositive();
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
                assertThat(client.isConnected()).isTrue();
            }
            server.close().sync();
        }
    }

    @Test
    void zeroThreadsMeansOnePerCore() {
        EventLoops loops = EventLoops.create(0);
        try {
            assertThat(loops.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        } finally {
            loops.shutdown(Duration.ofSeconds(2));
        }
        assertThat(loops.group().isShutdown()).isTrue();
    }
}
