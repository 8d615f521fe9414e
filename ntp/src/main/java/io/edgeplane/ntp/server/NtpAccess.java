package io.edgeplane.ntp.server;

import io.edgeplane.config.value.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * chrony's {@code allow} and {@code deny}: nobody is answered unless allowed; of the rules that match a
 * client, the most specific decides ({@code allow 10.0.0.0/8} with {@code deny 10.1.0.0/16} refuses
 * 10.1.2.3 and answers 10.2.3.4), and on a tie {@code deny} wins.
 */
record NtpAccess(List<Cidr> allow, List<Cidr> deny) implements Predicate<InetAddress> {

    NtpAccess {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    @Override
    public boolean test(InetAddress client) {
        Objects.requireNonNull(client, "client");
        return longestMatch(allow, client) > longestMatch(deny, client);
    }

    /** The prefix length of the most specific rule matching {@code client}; -1 for none. */
    private static int longestMatch(List<Cidr> rules, InetAddress client) {
        int longest = -1;
        for (Cidr rule : rules) {
            if (rule.prefixLength() > longest && rule.contains(client)) {
                longest = rule.prefixLength();
            }
        }
        return longest;
    }
}
