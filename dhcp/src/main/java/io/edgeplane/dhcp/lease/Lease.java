package io.edgeplane.dhcp.lease;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One address bound to one client until a moment: what a DHCPACK grants and the journal keeps.
 *
 * @param address the address leased
 * @param hardwareAddress the client's {@code chaddr}; may be empty (hlen 0) when a client identifier names it
 * @param clientId the client's option 61, if it sent one
 * @param hostName the client's option 12 as a single DNS label, if it sent a usable one
 * @param expires when the lease ends, truncated to the second: lease times are whole seconds on the wire
 *        (option 51) and in the journal, so a lease reads back equal to what was written
 */
public record Lease(Inet4Address address, HardwareAddress hardwareAddress, Optional<ClientId> clientId,
        Optional<String> hostName, Instant expires) {

    /** The longest DNS label (RFC 1035 §2.3.4). */
    public static final int MAX_HOST_NAME_LENGTH = 63;

    public Lease {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(expires, "expires");
        hostName.ifPresent(Lease::requireLabel);
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
    }

    /** True once {@code now} has reached {@link #expires()}: a lease is no longer valid at its expiry instant. */
    public boolean expiredAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return !now.isBefore(expires);
    }

    /** True if {@code name} is one DNS label: 1 to 63 of {@code [A-Za-z0-9-]}, not starting or ending with '-'. */
    public static boolean isHostName(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_HOST_NAME_LENGTH || name.charAt(0) == '-' || name.charAt(length - 1) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void requireLabel(String name) {
        if (!isHostName(name)) {
            throw new IllegalArgumentException("host name '" + name + "', expected one DNS label: 1 to "
                    + MAX_HOST_NAME_LENGTH + " letters, digits or '-', not starting or ending with '-'");
        }
    }
}
