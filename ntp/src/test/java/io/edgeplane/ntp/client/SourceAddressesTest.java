package io.edgeplane.ntp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.ntp.NtpConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    private static NtpConfig ntp(String yaml) throws Exception {
        return new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", yaml).ntp().orElseThrow();
    }

    private static InetAddress[] lookup(String host) throws UnknownHostException {
        return switch (host) {
            case "pool.test" -> new InetAddress[] {InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2"),
                InetAddress.getByName("198.18.0.3"), InetAddress.getByName("198.18.0.4"), InetAddress.getByName("198.18.0.5")};
            case "ntp.test" -> new InetAddress[] {InetAddress.getByName("198.18.0.2"), InetAddress.getByName("198.18.0.9")};
            default -> throw new UnknownHostException(host);
        };
    }

    @Test
    void aServerTakesItsFirstAddressAPoolUpToMaxSourcesAndNoAddressIsPolledTwice() throws Exception {
        List<SourceAddresses.Source> sources = SourceAddresses.resolve(ntp("""
                ntp:
                  servers: [{ address: ntp.test, iburst: true, minpoll: 4 }, "198.18.0.7:1123"]
                  pools: [{ name: pool.test, max_sources: 3 }]
                """), SourceAddressesTest::lookup);

        assertThat(sources).extracting(s -> s.address().getAddress().getHostAddress() + ":" + s.address().getPort())
                .as("the pool's three: .2 is the server's already").containsExactly("198.18.0.2:123", "198.18.0.7:1123", "198.18.0.1:123",
                        "198.18.0.3:123", "198.18.0.4:123");
        assertThat(sources.getFirst().iburst()).isTrue();
        assertThat(sources.getFirst().minPoll()).isEqualTo(4);
        assertThat(sources.get(2).configuredAs()).isEqualTo("pool.test");
    }

    @Test
    void aNameThatDoesNotResolveIsLeftOut() throws Exception {
        assertThat(SourceAddresses.resolve(ntp("""
                ntp: { servers: [nowhere.test, ntp.test] }
                """), SourceAddressesTest::lookup)).hasSize(1);
    }
}
