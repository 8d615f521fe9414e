package io.edgeplane.proxy.observe;

import io.edgeplane.config.proxy.AccessLogConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Access log line formats: JSON lines, or nginx's and Apache's {@code combined}. */
public sealed interface AccessLogFormat {

    void append(AccessLogEntry entry, StringBuilder line);

    static AccessLogFormat of(AccessLogConfig.Format format) {
        return switch (format) {
            case JSON -> new Json();
            case COMBINED -> new Combined(ZoneId.systemDefault());
        };
    }

    /** One JSON object a line, with stable field names a log shipper can map. */
    record Json() implements AccessLogFormat {
        @Override
        public void append(AccessLogEntry e, StringBuilder line) {
            line.append("{\"time\":\"").append(Instant.ofEpochMilli(e.epochMillis())).append('"');
            field(line, "client", e.client());
            field(line, "listener", e.listener());
            field(line, "method", e.method());
            field(line, "host", e.host());
            field(line, "uri", e.uri());
            field(line, "protocol", e.protocol());
            line.append(",\"status\":").append(e.status());
            line.append(",\"bytes_in\":").append(e.bytesIn());
            line.append(",\"bytes_out\":").append(e.bytesOut());
            line.append(",\"duration_ms\":").append(millis(e.durationNanos()));
            field(line, "route", e.route());
            field(line, "upstream", e.upstream());
            if (e.upstreamNanos() >= 0) {
                line.append(",\"upstream_ms\":").append(millis(e.upstreamNanos()));
            }
            if (e.referer() != null) {
                field(line, "referer", e.referer());
            }
            if (e.userAgent() != null) {
                field(line, "user_agent", e.userAgent());
            }
            line.append("}\n");
        }

        /** Milliseconds with microsecond precision, as nginx's $request_time has millisecond precision. */
        private static String millis(long nanos) {
            long micros = nanos / 1_000;
            long whole = micros / 1_000;
            long fraction = micros % 1_000;
            return whole + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
        }

        private static void field(StringBuilder line, String name, String value) {
            line.append(",\"").append(name).append("\":\"");
            escape(value, line);
            line.append('"');
        }

        /** RFC 8259 string escaping; request fields come from clients and may hold anything. */
        static void escape(String value, StringBuilder out) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
    }

    /** {@code $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"}. */
    record Combined(ZoneId zone) implements AccessLogFormat {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

        @Override
        public void append(AccessLogEntry e, StringBuilder line) {
            line.append(e.client()).append(" - - [").append(TIME.format(Instant.ofEpochMilli(e.epochMillis()).atZone(zone)))
                    .append("] \"");
            if (e.method().isEmpty()) {
                // A request refused before its request line was read: nginx writes "-" for it.
                line.append('-');
            } else {
                line.append(quoted(e.method())).append(' ').append(quoted(e.uri())).append(' ').append(quoted(e.protocol()));
            }
            line.append("\" ").append(e.status()).append(' ').append(e.bytesOut())
                    .append(" \"").append(e.referer() == null ? "-" : quoted(e.referer()))
                    .append("\" \"").append(e.userAgent() == null ? "-" : quoted(e.userAgent())).append("\"\n");
        }

        /** nginx escapes '"', '\' and bytes outside printable ASCII as \xHH. */
        private static String quoted(String value) {
            StringBuilder out = null;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
                if (!plain && out == null) {
                    out = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                if (out != null) {
                    if (plain) {
                        out.append(c);
                    } else {
                        out.append(String.format(Locale.ROOT, "\\x%02X", c & 0xff));
                    }
                }
            }
            return out == null ? value : out.toString();
        }
    }
}
