package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A listener's {@code http2}: on with TLS, off without, unless said; its limits checked. */
class Http2ConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private ListenerConfig listener(String keys) throws Exception {
        return loader.parse("f.yaml", """
                proxy:
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], routes: [{ respond: { status: 204 } }]%s }
                """.formatted(keys)).proxy().orElseThrow().listeners().getFirst();
    }

    @Test
    void onWithTlsOffWithoutUnlessSaid() throws Exception {
        assertThat(listener("").speaksHttp2()).isFalse();
        assertThat(listener(", tls: self-signed").speaksHttp2()).isTrue();
        assertThat(listener(", tls: self-signed, http2: false").speaksHttp2()).isFalse();
        assertThat(listener(", http2: true").speaksHttp2()).isTrue();
        assertThat(listener(", http2: { max_concurrent_streams: 7 }").speaksHttp2()).isFalse();
        ListenerConfig tuned = listener(", http2: { enabled: true, max_concurrent_streams: 7, initial_window_size: 1MiB }");
        assertThat(tuned.http2().maxConcurrentStreams()).isEqualTo(7);
        assertThat(tuned.http2().initialWindowSize().bytes()).isEqualTo(1 << 20);
        assertThat(tuned.http2().maxFrameSize().bytes()).isEqualTo(16 * 1024);
    }

    @Test
    void limitsOutsideWhatHttp2AllowsAreErrorsWithTheirPlace() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> listener(
                ", http2: { max_concurrent_streams: 0, initial_window_size: 4GiB, connection_window_size: 1KiB, max_frame_size: 8KiB }"));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString).toList())
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:3:").contains("http2.max_concurrent_streams"))
                .anySatisfy(p -> assertThat(p).contains("http2.initial_window_size"))
                .anySatisfy(p -> assertThat(p).contains("http2.connection_window_size"))
                .anySatisfy(p -> assertThat(p).contains("http2.max_frame_size").contains("RFC 9113"));
    }
}
