package io.edgeplane.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void usesNativeEpollOnLinuxAndBindsWithItsChannelType() throws Exception {
        try (EventLoops loops = EventLoops.create(1)) {
            assertThat(loops.threads()).isEqualTo(1);
            assertThat(loops.transportName()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
            if (System.getProperty("os.name").startsWith("Linux")) {
                assertThat(loops.transportName()).as("epoll loads on Linux: %s", Epoll.unavailabilityCause()).isEqualTo("epoll");
            }
            Channel server = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelType())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            assertThat(((InetSocketAddress) server.localAddress()).getPort()).isPositive();
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
