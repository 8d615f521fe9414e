package io.edgeplane.proxy.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.http.RequestContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What each limit key makes of a client and a request: IPv6 /64 grouping, IPv4 as is, header values. */
class ClientAddressTest {

    private final KeyHashes hashes = new KeyHashes(0x1234_5678_9abc_def0L);

    private static ClientAddress client(String address) throws Exception {
        return ClientAddress.of(InetAddress.getByName(address));
    }

    @Test
    void ipv4IsItsOwnKeyAndTheSameOnADualStackListener() throws Exception {
        ClientAddress v4 = client("192.0.2.7");

        assertThat(v4.isIpv4()).isTrue();
        assertThat(v4.exactKey(hashes)).isEqualTo(0xFFFF_C000_0207L);
        assertThat(v4.prefix64Key()).isEqualTo(0xFFFF_C000_0207L);
        assertThat(client("::ffff:192.0.2.7")).isEqualTo(v4);
        assertThat(client("192.0.2.8").exactKey(hashes)).isNotEqualTo(v4.exactKey(hashes));
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareThePrefixKeyButNotTheExactOne() throws Exception {
        ClientAddress a = client("2001:db8:1:2::1");
        ClientAddress b = client("2001:db8:1:2:ffff:ffff:ffff:ffff");
        ClientAddress other = client("2001:db8:1:3::1");

        assertThat(a.prefix64Key()).isEqualTo(b.prefix64Key()).isEqualTo(0x2001_0db8_0001_0002L);
        assertThat(other.prefix64Key()).isNotEqualTo(a.prefix64Key());
        assertThat(a.exactKey(hashes)).isNotEqualTo(b.exactKey(hashes));
        assertThat(a.exactKey(hashes)).isEqualTo(client("2001:db8:1:2:0:0:0:1").exactKey(hashes));
        // The hash depends on the seed, so which addresses would collide cannot be known from outside.
        assertThat(a.exactKey(new KeyHashes(1))).isNotEqualTo(a.exactKey(hashes));
    }

    @Test
    void aHeaderKeyIsItsValueOrTheClientWithoutIt() throws Exception {
        LimitKey key = new LimitKey.Header(AsciiString.of("X-Api-Key"), hashes);
        ClientAddress client = client("192.0.2.7");

        long alice = key.of(request("X-Api-Key", "alice"), client, 0);
        assertThat(key.of(request("x-api-key", "alice"), client("192.0.2.99"), 0)).as("the value, not the client").isEqualTo(alice);
        assertThat(key.of(request("X-Api-Key", "bob"), client, 0)).isNotEqualTo(alice);
        assertThat(key.of(request("X-Other", "alice"), client, 0)).as("without the header: the client")
                .isEqualTo(client.exactKey(hashes));
        assertThat(new LimitKey.ClientIpv6Prefix().of(request("X-Api-Key", "alice"), client, 0)).isEqualTo(client.prefix64Key());
        assertThat(new LimitKey.Route().of(request("X-Api-Key", "alice"), client, 77)).isEqualTo(77);
    }

    private static RequestContext request(String header, String value) {
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("Host", "example.com").set(header, value);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        return new RequestContext(request, any, any, "http", "l", "n");
    }
}
