package io.edgeplane.core.os.net;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface as {@code RTM_GETLINK} reports it.
 *
 * @param index           the ifindex
 * @param name            the interface name
 * @param flags           the {@code IFF_*} flags ({@code ifi_flags})
 * @param operState       the RFC 2863 operational state
 * @param hardwareAddress the Ethernet address; empty for interfaces without a 6-byte one (tunnels, some virtual ones)
 * @param mtu             the MTU, 0 when not reported
 */
public record Link(int index, String name, int flags, OperState operState, Optional<MacAddress> hardwareAddress,
        int mtu) {

    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_RUNNING = 0x40;
    static final int IFF_MULTICAST = 0x1000;
    static final int IFF_LOWER_UP = 0x10000;

    /** Requires the name, state and address. */
    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operState, "operState");
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
    }

    /** Checks an ifindex argument: positive. */
    static void requireIndex(int ifindex) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex " + ifindex + ": expected a positive interface index");
        }
    }

    /** Checks an interface name argument and returns its bytes: 1..15 bytes, no NUL, '/' or white space. */
    static byte[] requireName(String name) {
        Objects.requireNonNull(name, "interfaceName");
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length >= Abi.IFNAMSIZ || name.indexOf('\0') >= 0 || name.indexOf('/') >= 0
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("interface name '" + name + "': expected 1.." + (Abi.IFNAMSIZ - 1)
                    + " bytes without NUL, '/' or white space");
        }
        return bytes;
    }

    /** {@code IFF_UP}: administratively up ({@code ip link set up}). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** {@code IFF_RUNNING}: the kernel's operational "up" (RFC 2863 UP or UNKNOWN); a carrier where there is one. */
    public boolean isRunning() {
        return (flags & IFF_RUNNING) != 0;
    }

    /** {@code IFF_LOWER_UP}: the driver reports a carrier. */
    public boolean isLowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    /** {@code IFF_MULTICAST}. */
    public boolean isMulticast() {
        return (flags & IFF_MULTICAST) != 0;
    }

    /**
     * Up and running ({@code IFF_UP} and {@code IFF_RUNNING}): what keepalived calls an interface that is up, and
     * what VRRP needs to take part; otherwise it goes to FAULT.
     */
    public boolean isOperational() {
        return isUp() && isRunning();
    }
}
