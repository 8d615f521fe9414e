package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.proxy.UpstreamConfig;
import io.edgeplane.proxy.balance.RequestHashes;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceKeyTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);

    @Test
    void hashesTheClientAddressByDefault() throws Exception {
        long key = BalanceKey.of(upstream("balance: hash"), context(request()));
        assertThat(key).isEqualTo(RequestHashes.ofAddress(CLIENT.getAddress()));
    }

    @Test
    void hashesAHeaderOrFallsBackToTheAddress() throws Exception {
        UpstreamConfig config = upstream("balance: maglev\n      hash: { key: header, name: X-User }");
        HttpRequest with = request();
        with.headers().set("X-User", "alice");
        assertThat(BalanceKey.of(config, context(with))).isEqualTo(RequestHashes.of("alice"));
        assertThat(BalanceKey.of(config, context(request()))).isEqualTo(RequestHashes.ofAddress(CLIENT.getAddress()));
    }

    @Test
    void hashesACookieFoundAmongOthers() throws Exception {
        UpstreamConfig config = upstream("balance: hash\n      hash: { key: cookie, name: session }");
        HttpRequest with = request();
        with.headers().add("Cookie", "theme=dark;  session=4f1c ; lang=en");
        assertThat(BalanceKey.of(config, context(with))).isEqualTo(RequestHashes.of("4f1c"));
        HttpRequest other = request();
        other.headers().add("Cookie", "sessionid=zzz");
        assertThat(BalanceKey.of(config, context(other))).as("a longer name is another cookie")
                .isEqualTo(RequestHashes.ofAddress(CLIENT.getAddress()));
    }

    @Test
    void policiesThatDoNotHashGetNoKey() throws Exception {
        assertThat(BalanceKey.of(upstream("balance: least_conn"), context(request()))).isZero();
    }

    private static UpstreamConfig upstream(String balance) throws Exception {
        return new ConfigLoader(Variables.of(Map.of())).parse("test.yaml", """
                proxy:
                  listeners:
                    - { name: web, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                  upstreams:
                    app:
                      servers: [{ address: 127.0.0.1:8081 }, { address: 127.0.0.1:8082 }]
                      %s
                """.formatted(balance)).proxy().orElseThrow().upstreams().get("app");
    }

    private static HttpRequest request() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("Host", "example.com");
        return request;
    }

    private static RequestContext context(HttpRequest request) {
        return new RequestContext(request, CLIENT, new InetSocketAddress("127.0.0.1", 8080), "http", "web", "edge-1");
    }
}
