package io.edgeplane.ntp.server;

import io.edgeplane.config.value.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * chrony's {@code allow} and {@code deny}: nobody is answered unless allowed; of the rules that match a
 * client, the most specific decides ({@code allow 10.0.0.0/8} with {@code deny 10.1.0.0/16} refuses
 * 10.1.2.3 and answers 10.2.3.4), and on a tie {@code deny} wins. An IPv4 rule matches IPv4 clients only
 * (a dual-stack socket's {@code ::ffff:a.b.c.d} included), an IPv6 rule IPv6 clients only, as {@link Cidr} does.
 *
 * <p>The rules are compiled when the config loads into masks over a {@link ClientAddress}'s two longs, so the
 * check of a request allocates nothing.
 */
final class NtpAccess implements RequestAnswerer.Access {

    private final List<Cidr> allow;
    private final List<Cidr> deny;
    // Rule i: its family, network and mask as two longs each (high at 2i, low at 2i + 1), its prefix length.
    private final boolean[] ipv4;
    private final long[] network;
    private final long[] mask;
    private final int[] prefix;

    NtpAccess(List<Cidr> allow, List<Cidr> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        int n = this.allow.size() + this.deny.size();
        ipv4 = new boolean[n];
        network = new long[2 * n];
        mask = new long[2 * n];
        prefix = new int[n];
        int i = 0;
        for (List<Cidr> rules : List.of(this.allow, this.deny)) {
            for (Cidr rule : rules) {
                boolean v4 = rule.network() instanceof Inet4Address;
                int bits = v4 ? rule.prefixLength() + 96 : rule.prefixLength();
                ipv4[i] = v4;
                mask[2 * i] = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
                mask[2 * i + 1] = bits <= 64 ? 0 : -1L << (128 - bits);
                network[2 * i] = ClientAddress.high(rule.network()) & mask[2 * i];
                network[2 * i + 1] = ClientAddress.low(rule.network()) & mask[2 * i + 1];
                prefix[i] = rule.prefixLength();
                i++;
            }
        }
    }

    List<Cidr> allow() {
        return allow;
    }

    List<Cidr> deny() {
        return deny;
    }

    /** {@link #allows(long, long)} of an {@link InetAddress}; allocates for an IPv6 one. */
    boolean test(InetAddress client) {
        Objects.requireNonNull(client, "client");
        return allows(ClientAddress.high(client), ClientAddress.low(client));
    }

    @Override
    public boolean allows(long high, long low) {
        boolean v4 = ClientAddress.isIpv4(high, low);
        int allowed = -1;
        int denied = -1;
        int allowCount = allow.size();
        for (int i = 0; i < prefix.length; i++) {
            if (ipv4[i] == v4 && (high & mask[2 * i]) == network[2 * i] && (low & mask[2 * i + 1]) == network[2 * i + 1]) {
                if (i < allowCount) {
                    allowed = Math.max(allowed, prefix[i]);
                } else {
                    denied = Math.max(denied, prefix[i]);
                }
            }
        }
        return allowed > denied;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NtpAccess that && allow.equals(that.allow) && deny.equals(that.deny);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allow, deny);
    }

    @Override
    public String toString() {
        return "NtpAccess[allow=" + allow + ", deny=" + deny + "]";
    }
}
