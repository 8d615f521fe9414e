package io.edgeplane.bench.dhcp;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.exchange.DhcpResponder;
import io.edgeplane.dhcp.exchange.DhcpSettings;
import io.edgeplane.dhcp.exchange.LeaseLog;
import io.edgeplane.dhcp.exchange.LeaseNames;
import io.edgeplane.dhcp.exchange.ServerIdentity;
import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the DHCP benchmarks share: a server on 198.18.0.1/16 handing out 198.18.1.0 .. 198.18.255.254 (65,279
 * addresses), and client messages as BusyBox's udhcpc writes them (client identifier {@code 01:<MAC>}, maximum
 * message size 576, its vendor class, a host name and its parameter request list), encoded once into a direct
 * buffer, as the server's socket hands them over, and patched in place for each client as perfdhcp patches its
 * templates.
 */
final class UdhcpcMessages {

    static final Inet4Address SERVER = ip("198.18.0.1");
    static final ServerIdentity IDENTITY = new ServerIdentity(SERVER, 16);
    /** udhcpc's default request list: mask, router, DNS, host name, domain, broadcast, NTP, classless routes. */
    static final List<Integer> PARAMETERS = List.of(1, 3, 6, 12, 15, 28, 42, 121);
    static final String VENDOR = "udhcp 1.36.1";
    /** "host-" and five digits, the digits patched per client. */
    static final String HOST_NAME = "host-00000";

    private static final int XID = 4;
    private static final int CIADDR = 12;
    private static final int YIADDR = 16;
    private static final int CHADDR = 28;

    private UdhcpcMessages() {
    }

    /** The bench's {@code dhcp} section: one large range, the domain, an NTP server, no probing. */
    static DhcpSettings settings(String lease, int maxLeases) throws Exception {
        DhcpConfig config = new ConfigLoader(Variables.of(Map.of())).parse("bench.yaml", """
                dhcp:
                  interface: eth0
                  ranges: [{ from: 198.18.1.0, to: 198.18.255.254, lease: %s }]
                  options: { domain: lan, ntp_servers: [198.18.0.1] }
                  max_leases: %d
                  probe: false
                  lease_file: /var/lib/edgeplane/dhcp.leases
                """.formatted(lease, maxLeases)).dhcp().orElseThrow();
        return new DhcpSettings(config, IDENTITY);
    }

    /** A responder writing to no journal and no DNS: what is measured is the responder's own work. */
    static DhcpResponder responder(DhcpSettings settings, Clock clock) {
        return new DhcpResponder(settings, NO_LOG, new LeaseNames(NO_NAMES, Optional.of("lan")), clock);
    }

    static final LeaseLog NO_LOG = new LeaseLog() {
        @Override
        public void put(Lease lease) {
        }

        @Override
        public void remove(Inet4Address address) {
        }
    };

    static final HostRegistry NO_NAMES = new HostRegistry() {
        @Override
        public void register(String source, String name, List<InetAddress> addresses) {
        }

        @Override
        public void unregister(String source, String name) {
        }

        @Override
        public void unregisterAll(String source) {
        }
    };

    /** A clock the benchmark moves on itself. */
    static final class BenchClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** DHCPDISCOVER from INIT. */
    static Template discover() {
        return new Template(DhcpMessageType.DISCOVER, true, false, true);
    }

    /** DHCPREQUEST from SELECTING: option 50 the offered address, option 54 the server. */
    static Template request() {
        return new Template(DhcpMessageType.REQUEST, true, true, true);
    }

    /** DHCPRELEASE: ciaddr the address given up, option 54 the server, nothing else but the client identifier. */
    static Template release() {
        return new Template(DhcpMessageType.RELEASE, false, true, false);
    }

    /** One message, encoded, with where its per-client fields are. */
    static final class Template {
        private final ByteBuffer bytes;
        private final ByteBuffer view;
        private final int clientIdAt;
        private final int requestedAt;
        private final int hostNameAt;

        private Template(DhcpMessageType type, boolean requested, boolean serverId, boolean full) {
            DhcpOptions.Builder options = DhcpOptions.builder().messageType(type)
                    .put(DhcpOptions.CLIENT_IDENTIFIER, new byte[] {1, 0x52, 0x54, 0, 0, 0, 0});
            if (full) {
                options.maxMessageSize(576);
            }
            if (requested) {
                options.address(DhcpOptions.REQUESTED_ADDRESS, SERVER);
            }
            if (serverId) {
                options.address(DhcpOptions.SERVER_IDENTIFIER, SERVER);
            }
            if (full) {
                options.parameterRequestList(PARAMETERS).string(DhcpOptions.VENDOR_CLASS_IDENTIFIER, VENDOR)
                        .string(DhcpOptions.HOST_NAME, HOST_NAME);
            }
            DhcpMessage message = new DhcpMessage(DhcpMessage.BOOTREQUEST, DhcpMessage.HTYPE_ETHERNET, 0, 0, 0, 0,
                    DhcpMessage.ANY, DhcpMessage.ANY, DhcpMessage.ANY, DhcpMessage.ANY,
                    new HardwareAddress(new byte[] {0x52, 0x54, 0, 0, 0, 0}), "", "", options.build());
            byte[] encoded = DhcpMessageEncoder.encode(message);
            bytes = ByteBuffer.allocateDirect(encoded.length).put(encoded).flip();
            // The socket's view of its native buffer is read-only; so is the decoder's here.
            view = bytes.asReadOnlyBuffer();
            clientIdAt = valueOffset(encoded, DhcpOptions.CLIENT_IDENTIFIER);
            requestedAt = requested ? valueOffset(encoded, DhcpOptions.REQUESTED_ADDRESS) : -1;
            hostNameAt = full ? valueOffset(encoded, DhcpOptions.HOST_NAME) : -1;
        }

        /** Makes it client {@code n}'s: MAC 52:54:00 and n's three bytes, its identifier, name and a new xid. */
        Template client(int n, int xid) {
            bytes.putInt(XID, xid);
            for (int i = 0; i < 3; i++) {
                byte b = (byte) (n >>> (16 - 8 * i));
                bytes.put(CHADDR + 3 + i, b);
                bytes.put(clientIdAt + 4 + i, b);
            }
            if (hostNameAt >= 0) {
                int digits = n;
                for (int i = HOST_NAME.length() - 1; i >= 5; i--) {
                    bytes.put(hostNameAt + i, (byte) ('0' + digits % 10));
                    digits /= 10;
                }
            }
            return this;
        }

        /** Option 50, copied from a reply's yiaddr. */
        Template requested(byte[] reply) {
            for (int i = 0; i < 4; i++) {
                bytes.put(requestedAt + i, reply[YIADDR + i]);
            }
            return this;
        }

        /** The ciaddr, as a big-endian number. */
        Template ciaddr(int address) {
            bytes.putInt(CIADDR, address);
            return this;
        }

        ByteBuffer payload() {
            return view;
        }
    }

    /** A reply's yiaddr as a big-endian number. */
    static int yiaddr(byte[] reply) {
        return (reply[YIADDR] & 0xFF) << 24 | (reply[YIADDR + 1] & 0xFF) << 16 | (reply[YIADDR + 2] & 0xFF) << 8
                | reply[YIADDR + 3] & 0xFF;
    }

    private static int valueOffset(byte[] message, int code) {
        int at = 240;
        while (at < message.length && (message[at] & 0xFF) != 255) {
            if (message[at] == 0) {
                at++;
                continue;
            }
            if ((message[at] & 0xFF) == code) {
                return at + 2;
            }
            at += 2 + (message[at + 1] & 0xFF);
        }
        throw new IllegalStateException("option " + code + " not in the template");
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(text, e);
        }
    }
}
