package io.edgeplane.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    private final AccessLogEntry entry = new AccessLogEntry(1_795_298_130_273L, "192.0.2.7", "north", "GET", "example.com",
            "/a?q=\"x\"", "HTTP/1.1", 200, 0, 128, 1_234_567, "app", "127.0.0.1:8081", 1_000_000, null, "curl/8\u0001");

    @Test
    void jsonEscapesWhatClientsSend() {
        StringBuilder line = new StringBuilder();
        new AccessLogFormat.Json().append(entry, line);
        assertThat(line.toString()).isEqualTo("{\"time\":\"2026-11-21T21:55:30.273Z\",\"client\":\"192.0.2.7\","
                + "\"listener\":\"north\",\"method\":\"GET\",\"host\":\"example.com\",\"uri\":\"/a?q=\\\"x\\\"\","
                + "\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes_in\":0,\"bytes_out\":128,\"duration_ms\":1.234,"
                + "\"route\":\"app\",\"upstream\":\"127.0.0.1:8081\",\"upstream_ms\":1.000,\"user_agent\":\"curl/8\\u0001\"}\n");
    }

    @Test
    void combinedIsNginxsFormat() {
        StringBuilder line = new StringBuilder();
        new AccessLogFormat.Combined(ZoneOffset.UTC).append(entry, line);
        assertThat(line.toString()).isEqualTo(
                "192.0.2.7 - - [21/Nov/2026:21:55:30 +0000] \"GET /a?q=\\x22x\\x22 HTTP/1.1\" 200 128 \"-\" \"curl/8\\x01\"\n");
    }

    /** A request refused before its request line was read: empty fields in JSON, nginx's "-" in combined. */
    private final AccessLogEntry unread = new AccessLogEntry(1_795_298_130_273L, "192.0.2.7", "north", "", "", "", "", 408,
            0, 23, 300_000_000, "-", "-", -1, null, null);

    @Test
    void jsonKeepsEveryFieldOfAnUnreadRequest() {
        StringBuilder line = new StringBuilder();
        new AccessLogFormat.Json().append(unread, line);
        assertThat(line.toString()).isEqualTo("{\"time\":\"2026-11-21T21:55:30.273Z\",\"client\":\"192.0.2.7\","
                + "\"listener\":\"north\",\"method\":\"\",\"host\":\"\",\"uri\":\"\",\"protocol\":\"\",\"status\":408,"
                + "\"bytes_in\":0,\"bytes_out\":23,\"duration_ms\":300.000,\"route\":\"-\",\"upstream\":\"-\"}\n");
    }

    @Test
    void combinedWritesADashForAnUnreadRequest() {
        StringBuilder line = new StringBuilder();
        new AccessLogFormat.Combined(ZoneOffset.UTC).append(unread, line);
        assertThat(line.toString()).isEqualTo("192.0.2.7 - - [21/Nov/2026:21:55:30 +0000] \"-\" 408 23 \"-\" \"-\"\n");
    }
}
