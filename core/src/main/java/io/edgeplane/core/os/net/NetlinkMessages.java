package io.edgeplane.core.os.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Netlink and rtnetlink messages on plain buffers, in the host's byte order as netlink has them: the requests
 * {@link Rtnetlink} sends ({@code RTM_GETLINK}, {@code RTM_GETADDR}, {@code RTM_NEWADDR}, {@code RTM_DELADDR}) and
 * the replies it reads ({@code struct nlmsghdr}, {@code nlmsgerr} with its extended ack, {@code ifinfomsg},
 * {@code ifaddrmsg}, {@code rtattr}). Layouts from {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>},
 * {@code <linux/if_addr.h>} and {@code <linux/if_link.h>}, checked by the probe {@link Abi} describes.
 */
final class NetlinkMessages {

    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;

    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    /** In an {@code NLMSG_ERROR}: the original request is cut to its header. */
    static final int NLM_F_CAPPED = 0x100;
    /** In an {@code NLMSG_ERROR}: extended-ack attributes follow. */
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTMGRP_LINK = 0x1;

    static final int IFINFOMSG_SIZE = 16;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_OPERSTATE = 16;

    static final int IFADDRMSG_SIZE = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_FLAGS = 8;

    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_HOST = 254;

    private static final int RTA_HDRLEN = 4;
    /** {@code NLA_TYPE_MASK}: the type without {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER}. */
    private static final int NLA_TYPE_MASK = 0x3FFF;

    /** One netlink message; {@code payload} is what follows the 16-byte header, in host order. */
    record Message(int type, int flags, int sequence, int portId, ByteBuffer payload) {
    }

    private NetlinkMessages() {
    }

    /** {@code NLMSG_ALIGN} and {@code RTA_ALIGN}: both 4. */
    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A request being built: the header first, then the fixed part and attributes; {@link #finish} sets the length. */
    static final class Request {
        private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());

        Request(int type, int flags, int sequence) {
            buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
        }

        /** {@code struct ifinfomsg}: family AF_UNSPEC, the ifindex, no flag change. */
        Request ifinfomsg(int ifindex) {
            buffer.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
            return this;
        }

        /** {@code struct ifaddrmsg}. */
        Request ifaddrmsg(int family, int prefixLength, int flags, int scope, int ifindex) {
            buffer.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(ifindex);
            return this;
        }

        Request attribute(int type, byte[] value) {
            buffer.putShort((short) (RTA_HDRLEN + value.length)).putShort((short) type).put(value);
            while (buffer.position() % 4 != 0) {
                buffer.put((byte) 0);
            }
            return this;
        }

        Request attribute(int type, int value) {
            return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        /** A NUL-terminated string attribute, as the kernel's {@code NLA_STRING} policies take it. */
        Request attribute(int type, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            return attribute(type, terminated);
        }

        /** The finished message, its length in {@code nlmsg_len}; the request is not to be used after. */
        ByteBuffer finish() {
            buffer.putInt(0, buffer.position());
            return buffer.flip();
        }
    }

    /** {@code RTM_GETLINK} for one interface by index. */
    static ByteBuffer getLink(int sequence, int ifindex) {
        return new Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, sequence).ifinfomsg(ifindex).finish();
    }

    /** {@code RTM_GETLINK} for one interface by name (ifindex 0 and {@code IFLA_IFNAME}). */
    static ByteBuffer getLink(int sequence, String name) {
        return new Request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, sequence).ifinfomsg(0)
                .attribute(IFLA_IFNAME, name).finish();
    }

    /** {@code RTM_GETADDR} dump of every address of every family; the caller keeps one interface's. */
    static ByteBuffer dumpAddresses(int sequence) {
        return new Request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, sequence).ifaddrmsg(0, 0, 0, 0, 0).finish();
    }

    /**
     * {@code RTM_NEWADDR} (create, fail if present, ack) or {@code RTM_DELADDR} (ack). IPv4 carries the address as
     * both {@code IFA_LOCAL} and {@code IFA_ADDRESS}, as {@code ip addr} sends it for a non-point-to-point
     * interface; {@code label} (IPv4 only) goes as {@code IFA_LABEL}; {@code flags} (such as
     * {@code IFA_F_NODAD}) go in {@code ifa_flags} and {@code IFA_FLAGS}.
     */
    static ByteBuffer changeAddress(boolean add, int sequence, int ifindex, InetAddress address, int prefixLength,
            int scope, int flags, Optional<String> label) {
        boolean v4 = address instanceof Inet4Address;
        int requestFlags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        Request request = new Request(add ? RTM_NEWADDR : RTM_DELADDR, requestFlags, sequence)
                .ifaddrmsg(v4 ? Abi.AF_INET : Abi.AF_INET6, prefixLength, flags & 0xFF, scope, ifindex);
        byte[] bytes = address.getAddress();
        if (v4) {
            request.attribute(IFA_LOCAL, bytes);
        }
        request.attribute(IFA_ADDRESS, bytes);
        label.ifPresent(l -> request.attribute(IFA_LABEL, l));
        if (add && flags != 0) {
            request.attribute(IFA_FLAGS, flags);
        }
        return request.finish();
    }

    /**
     * The messages in one datagram. A length that does not fit is the kernel's bug or someone else's datagram;
     * {@link Rtnetlink} only reads the kernel's (sender port id 0), so it is reported, not skipped.
     */
    static List<Message> parse(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<Message> messages = new ArrayList<>();
        while (in.remaining() >= NLMSG_HDRLEN) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < NLMSG_HDRLEN || length > in.remaining()) {
                throw new IllegalStateException("netlink message of length " + length + " with " + in.remaining()
                        + " bytes left in the datagram: expected " + NLMSG_HDRLEN + ".." + in.remaining());
            }
            int type = in.getShort(start + 4) & 0xFFFF;
            int flags = in.getShort(start + 6) & 0xFFFF;
            int sequence = in.getInt(start + 8);
            int portId = in.getInt(start + 12);
            ByteBuffer payload = in.slice(start + NLMSG_HDRLEN, length - NLMSG_HDRLEN).order(ByteOrder.nativeOrder());
            messages.add(new Message(type, flags, sequence, portId, payload));
            in.position(Math.min(in.limit(), start + align(length)));
        }
        return messages;
    }

    /** The attributes after the fixed part ({@code offset} bytes) of a payload, by type; the last of a type wins. */
    static Map<Integer, ByteBuffer> attributes(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> attributes = new HashMap<>();
        int at = offset;
        while (at + RTA_HDRLEN <= payload.limit()) {
            int length = payload.getShort(at) & 0xFFFF;
            int type = payload.getShort(at + 2) & NLA_TYPE_MASK;
            if (length < RTA_HDRLEN || at + length > payload.limit()) {
                break;
            }
            attributes.put(type, payload.slice(at + RTA_HDRLEN, length - RTA_HDRLEN).order(ByteOrder.nativeOrder()));
            at += align(length);
        }
        return attributes;
    }

    /**
     * The error of an {@code NLMSG_ERROR} as a positive errno, 0 for an acknowledgement. The kernel sends it
     * negated ({@code -EEXIST}).
     */
    static int errno(Message error) {
        if (error.payload().remaining() < 4) {
            throw new IllegalStateException("NLMSG_ERROR of " + error.payload().remaining() + " bytes: expected 20");
        }
        return -error.payload().getInt(0);
    }

    /** The kernel's own words for an error ({@code NLMSGERR_ATTR_MSG} of the extended ack), when it gave some. */
    static Optional<String> errorMessage(Message error) {
        if ((error.flags() & NLM_F_ACK_TLVS) == 0 || error.payload().remaining() < 4 + NLMSG_HDRLEN) {
            return Optional.empty();
        }
        // struct nlmsgerr: the error, then the request's header, then (unless capped) the rest of the request.
        int requestLength = error.payload().getInt(4);
        int offset = 4 + ((error.flags() & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : align(requestLength));
        if (offset > error.payload().limit()) {
            return Optional.empty();
        }
        ByteBuffer text = attributes(error.payload(), offset).get(NLMSGERR_ATTR_MSG);
        return text == null ? Optional.empty() : Optional.of(string(text));
    }

    /** An {@code RTM_NEWLINK} or {@code RTM_DELLINK} payload. */
    static Link link(Message message) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < IFINFOMSG_SIZE) {
            throw new IllegalStateException("link message of " + payload.remaining() + " bytes: expected at least "
                    + IFINFOMSG_SIZE);
        }
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        Map<Integer, ByteBuffer> attributes = attributes(payload, IFINFOMSG_SIZE);
        ByteBuffer name = attributes.get(IFLA_IFNAME);
        ByteBuffer address = attributes.get(IFLA_ADDRESS);
        ByteBuffer mtu = attributes.get(IFLA_MTU);
        ByteBuffer operState = attributes.get(IFLA_OPERSTATE);
        Optional<MacAddress> mac = address != null && address.remaining() == 6
                ? Optional.of(MacAddress.of(bytes(address)))
                : Optional.empty();
        return new Link(index, name == null ? "" : string(name), flags,
                operState == null || !operState.hasRemaining() ? OperState.UNKNOWN : OperState.of(operState.get(0)),
                mac, mtu == null || mtu.remaining() < 4 ? 0 : mtu.getInt(0));
    }

    /** The ifindex of a link message, without decoding the rest. */
    static int linkIndex(Message message) {
        return message.payload().remaining() >= 8 ? message.payload().getInt(4) : -1;
    }

    /** An {@code RTM_NEWADDR} payload; empty for families other than IPv4 and IPv6. */
    static Optional<AssignedAddress> address(Message message) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < IFADDRMSG_SIZE) {
            throw new IllegalStateException("address message of " + payload.remaining()
                    + " bytes: expected at least " + IFADDRMSG_SIZE);
        }
        int family = payload.get(0) & 0xFF;
        int length = family == Abi.AF_INET ? 4 : family == Abi.AF_INET6 ? 16 : -1;
        if (length < 0) {
            return Optional.empty();
        }
        int prefixLength = payload.get(1) & 0xFF;
        int flags = payload.get(2) & 0xFF;
        int scope = payload.get(3) & 0xFF;
        int ifindex = payload.getInt(4);
        Map<Integer, ByteBuffer> attributes = attributes(payload, IFADDRMSG_SIZE);
        ByteBuffer local = attributes.get(IFA_LOCAL);
        ByteBuffer address = local != null ? local : attributes.get(IFA_ADDRESS);
        if (address == null || address.remaining() != length) {
            return Optional.empty();
        }
        ByteBuffer extendedFlags = attributes.get(IFA_FLAGS);
        if (extendedFlags != null && extendedFlags.remaining() >= 4) {
            flags = extendedFlags.getInt(0);
        }
        ByteBuffer label = attributes.get(IFA_LABEL);
        try {
            byte[] bytes = bytes(address);
            InetAddress inet = length == 16 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xC0) == 0x80
                    ? Inet6Address.getByAddress(null, bytes, ifindex)
                    : InetAddress.getByAddress(bytes);
            return Optional.of(new AssignedAddress(ifindex, inet, prefixLength, scope, flags,
                    label == null ? Optional.empty() : Optional.of(string(label))));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: the address has 4 or 16 bytes", e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** A NUL-terminated (or not) string attribute. */
    private static String string(ByteBuffer buffer) {
        byte[] bytes = bytes(buffer);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
