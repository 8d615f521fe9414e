package io.edgeplane.core.os.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An address assigned to an interface, as {@code RTM_GETADDR} reports it.
 *
 * @param ifindex      the interface
 * @param address      the local address ({@code IFA_LOCAL}, else {@code IFA_ADDRESS}); link-local IPv6 ones carry
 *                     the ifindex as scope id
 * @param prefixLength the prefix length
 * @param scope        the {@code RT_SCOPE_*} value: 0 global, 253 link, 254 host
 * @param flags        the {@code IFA_F_*} flags ({@code IFA_FLAGS}, else {@code ifa_flags})
 * @param label        the IPv4 label ({@code IFA_LABEL}) as {@code ip addr} shows it; empty for IPv6
 */
public record AssignedAddress(int ifindex, InetAddress address, int prefixLength, int scope, int flags,
        Optional<String> label) {

    static final int IFA_F_SECONDARY = 0x01;
    static final int IFA_F_NODAD = 0x02;
    static final int IFA_F_OPTIMISTIC = 0x04;
    static final int IFA_F_DADFAILED = 0x08;
    static final int IFA_F_DEPRECATED = 0x20;
    static final int IFA_F_TENTATIVE = 0x40;
    static final int IFA_F_PERMANENT = 0x80;

    /** Requires the address and label. */
    public AssignedAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
    }

    /** {@code IFA_F_SECONDARY}: another address of the same subnet came first (IPv4). */
    public boolean isSecondary() {
        return (flags & IFA_F_SECONDARY) != 0;
    }

    /** {@code IFA_F_TENTATIVE}: duplicate address detection runs; the address cannot be used as a source yet. */
    public boolean isTentative() {
        return (flags & IFA_F_TENTATIVE) != 0;
    }

    /** {@code IFA_F_DADFAILED}: duplicate address detection found another node using it. */
    public boolean isDadFailed() {
        return (flags & IFA_F_DADFAILED) != 0;
    }

    /** {@code IFA_F_NODAD}: added without duplicate address detection. */
    public boolean isNoDad() {
        return (flags & IFA_F_NODAD) != 0;
    }

    /** {@code IFA_F_PERMANENT}: configured, not learnt from a router advertisement. */
    public boolean isPermanent() {
        return (flags & IFA_F_PERMANENT) != 0;
    }

    /**
     * The address VRRP sends from (RFC 5798 §5.1.1.1 and §5.1.2.1), as keepalived picks it: for IPv4 the first
     * address that is not secondary, in the kernel's order (addresses added later, such as VIPs, come after); for
     * IPv6 the first link-local address that is neither tentative nor failed DAD.
     */
    public static Optional<AssignedAddress> primary(List<AssignedAddress> addresses, ProtocolFamily family) {
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(family, "family");
        if (family == StandardProtocolFamily.INET) {
            return addresses.stream()
                    .filter(a -> a.address() instanceof Inet4Address && !a.isSecondary())
                    .findFirst();
        }
        if (family == StandardProtocolFamily.INET6) {
            return addresses.stream()
                    .filter(a -> a.address() instanceof Inet6Address && a.address().isLinkLocalAddress())
                    .filter(a -> !a.isTentative() && !a.isDadFailed())
                    .findFirst();
        }
        throw new IllegalArgumentException("family " + family + ": expected INET or INET6");
    }
}
