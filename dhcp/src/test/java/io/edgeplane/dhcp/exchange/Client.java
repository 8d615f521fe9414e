package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A DHCP client that writes its messages as RFC 2131 §4.4 and Table 5 say a client in each state fills them in.
 * Each message gets a new xid. A client has a MAC and, optionally, a client identifier it sends in every message.
 */
final class Client {

    final HardwareAddress mac;
    final Optional<byte[]> clientId;
    private int xid;

    private Client(HardwareAddress mac, Optional<byte[]> clientId, int xid) {
        this.mac = mac;
        this.clientId = clientId;
        this.xid = xid;
    }

    static Client mac(String mac) {
        HardwareAddress address = HardwareAddress.parse(mac);
        return new Client(address, Optional.empty(), address.hashCode() * 7919);
    }

    static Client withClientId(String mac, String clientIdHex) {
        HardwareAddress address = HardwareAddress.parse(mac);
        return new Client(address, Optional.of(HexFormat.of().parseHex(clientIdHex.replace(":", ""))),
                address.hashCode() * 104_729);
    }

    /** The {@code n}th of a family of clients with MACs 52:54:01:00:hi:lo, apart from those tests name. */
    static Client numbered(int n) {
        return mac(String.format("52:54:01:00:%02x:%02x", (n >> 8) & 0xFF, n & 0xFF));
    }

    /** INIT: DHCPDISCOVER, broadcast, ciaddr 0. */
    Message discover() {
        return new Message(this, DhcpMessageType.DISCOVER);
    }

    /** SELECTING: DHCPREQUEST with the offered address in option 50 and the chosen server in option 54. */
    Message select(Inet4Address offered) {
        return select(offered, Configs.SERVER);
    }

    Message select(Inet4Address offered, Inet4Address server) {
        return new Message(this, DhcpMessageType.REQUEST).requested(offered).server(server);
    }

    /** INIT-REBOOT: DHCPREQUEST with the remembered address in option 50, no server identifier, ciaddr 0. */
    Message initReboot(Inet4Address address) {
        return new Message(this, DhcpMessageType.REQUEST).requested(address);
    }

    /** RENEWING: DHCPREQUEST unicast to the server, ciaddr filled in, no option 50 or 54. */
    Message renew(Inet4Address address) {
        return new Message(this, DhcpMessageType.REQUEST).ciaddr(address);
    }

    /** REBINDING: as RENEWING, but broadcast to any server; the server sees the same fields. */
    Message rebind(Inet4Address address) {
        return new Message(this, DhcpMessageType.REQUEST).ciaddr(address);
    }

    /** DHCPRELEASE: ciaddr is the address given up, option 54 the server (Table 5). */
    Message release(Inet4Address address) {
        return new Message(this, DhcpMessageType.RELEASE).ciaddr(address).server(Configs.SERVER);
    }

    /** A DHCPRELEASE as some old clients send it, without option 54. */
    Message releaseWithoutServerIdentifier(Inet4Address address) {
        return new Message(this, DhcpMessageType.RELEASE).ciaddr(address);
    }

    /** DHCPDECLINE: option 50 is the address found in use, option 54 the server, ciaddr 0 (Table 5). */
    Message decline(Inet4Address address) {
        return new Message(this, DhcpMessageType.DECLINE).requested(address).server(Configs.SERVER);
    }

    /** DHCPINFORM: ciaddr is the client's own (configured) address. */
    Message inform(Inet4Address address) {
        return new Message(this, DhcpMessageType.INFORM).ciaddr(address);
    }

    @Override
    public String toString() {
        return mac + clientId.map(id -> " id " + HexFormat.of().formatHex(id)).orElse("");
    }

    /** One message being written. */
    static final class Message {
        private final Client client;
        private final DhcpOptions.Builder options = DhcpOptions.builder();
        private int htype = DhcpMessage.HTYPE_ETHERNET;
        private HardwareAddress chaddr;
        private int flags;
        private Inet4Address ciaddr = DhcpMessage.ANY;
        private Inet4Address giaddr = DhcpMessage.ANY;
        private int op = DhcpMessage.BOOTREQUEST;

        private Message(Client client, DhcpMessageType type) {
            this.client = client;
            this.chaddr = client.mac;
            options.messageType(type);
            client.clientId.ifPresent(id -> options.put(DhcpOptions.CLIENT_IDENTIFIER, id));
        }

        Message requested(Inet4Address address) {
            options.address(DhcpOptions.REQUESTED_ADDRESS, address);
            return this;
        }

        Message server(Inet4Address address) {
            options.address(DhcpOptions.SERVER_IDENTIFIER, address);
            return this;
        }

        Message leaseTime(long seconds) {
            options.unsignedInt(DhcpOptions.LEASE_TIME, seconds);
            return this;
        }

        Message prl(Integer... codes) {
            options.parameterRequestList(List.of(codes));
            return this;
        }

        Message hostName(String name) {
            options.put(DhcpOptions.HOST_NAME, name.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Option 81 with the name in DNS wire format (flag E), as RFC 4702 clients send it. */
        Message fqdn(String name) {
            java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            value.write(0x05); // S and E
            value.write(0);
            value.write(0);
            for (String label : name.split("\\.")) {
                value.write(label.length());
                value.writeBytes(label.getBytes(StandardCharsets.ISO_8859_1));
            }
            value.write(0);
            options.put(DhcpOptions.CLIENT_FQDN, value.toByteArray());
            return this;
        }

        Message option(int code, byte[] value) {
            options.put(code, value);
            return this;
        }

        Message broadcast() {
            flags |= DhcpMessage.BROADCAST_FLAG;
            return this;
        }

        Message ciaddr(Inet4Address address) {
            ciaddr = address;
            return this;
        }

        Message giaddr(Inet4Address address) {
            giaddr = address;
            return this;
        }

        Message hardware(int type, HardwareAddress address) {
            htype = type;
            chaddr = address;
            return this;
        }

        Message reply() {
            op = DhcpMessage.BOOTREPLY;
            return this;
        }

        DhcpMessage build() {
            return new DhcpMessage(op, htype, giaddr.equals(DhcpMessage.ANY) ? 0 : 1, client.xid++, 3, flags,
                    ciaddr, DhcpMessage.ANY, DhcpMessage.ANY, giaddr, chaddr, "", "", options.build());
        }
    }
}
