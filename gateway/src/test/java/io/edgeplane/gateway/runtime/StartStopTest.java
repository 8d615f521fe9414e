package io.edgeplane.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.gateway.TestNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures name what failed; a stop releases every socket. */
class StartStopTest {

    @TempDir
    Path dir;

    @Test
    void portInUseFailsTheStartWithTheListenerNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestNode.start(dir, "admin: { listen: 127.0.0.1:" + port + " }\n"))
                    .isInstanceOf(ServiceException.class)
                    .hasMessage("admin: cannot listen on 127.0.0.1:" + port + ": Address already in use");
        }
    }

    @Test
    void stopReleasesThePortAndIsIdempotent() throws Exception {
        TestNode node = TestNode.start(dir, "admin: { listen: 127.0.0.1:0 }\n");
        int port = URI.create(node.adminUrl()).getPort();
        assertThat(node.process().gateway().ready()).isTrue();
        node.close();
        node.close();
        assertThat(node.process().gateway().ready()).isFalse();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.isBound()).isTrue();
        }
        ReloadOutcome afterStop = node.process().gateway().reload("test");
        assertThat(afterStop.applied()).isFalse();
        assertThat(afterStop.errors()).containsExactly("the process is stopping");
    }

    @Test
    void configWithoutServicesStartsNothing() throws Exception {
        try (TestNode node = TestNode.start(dir, "node: { name: idle }\n")) {
            assertThat(node.process().gateway().endpoints()).isEmpty();
            assertThat(node.process().gateway().health()).isEmpty();
            assertThat(node.process().gateway().current().nodeName()).isEqualTo("idle");
        }
    }
}
