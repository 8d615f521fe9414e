package io.edgeplane.dhcp.exchange;

import io.edgeplane.config.dhcp.HostLabels;
import io.edgeplane.dhcp.codec.ClientFqdn;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a client asks to be known by (option 81's first label, else option 12), made into one valid DNS label
 * or refused: clients send anything, and the name goes into DNS. Like dnsmasq, the part after the first dot is
 * dropped (the server's domain is what names live under); unlike dnsmasq, characters a label cannot hold become
 * {@code -} instead of losing the whole name, so "Anna's iPhone" is still found as {@code anna-s-iphone}.
 */
final class ClientHostName {

    private ClientHostName() {
    }

    static Optional<String> of(DhcpOptions options) {
        Optional<String> raw = options.clientFqdn().map(ClientFqdn::name).filter(n -> !n.isBlank())
                .or(options::hostName);
        return raw.flatMap(ClientHostName::sanitise);
    }

    static Optional<String> sanitise(String name) {
        if (isLowerCaseLabel(name)) {
            // What most clients send, and what the rest would make of it unchanged: no copies to make it again.
            return Optional.of(name);
        }
        return rewrite(name);
    }

    /** The label made character by character: lowercased, up to the first dot, the rest turned into hyphens. */
    static Optional<String> rewrite(String name) {
        int dot = name.indexOf('.');
        String first = (dot >= 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
        StringBuilder label = new StringBuilder(Math.min(first.length(), HostLabels.MAX_LENGTH));
        for (int i = 0; i < first.length() && label.length() < HostLabels.MAX_LENGTH; i++) {
            char c = first.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (allowed || (c == '-' && !label.isEmpty())) {
                // A hyphen the client sent is kept as sent, so an IDN's "xn--" survives.
                label.append(c);
            } else if (!label.isEmpty() && label.charAt(label.length() - 1) != '-') {
                label.append('-');
            }
        }
        while (!label.isEmpty() && label.charAt(label.length() - 1) == '-') {
            label.setLength(label.length() - 1);
        }
        String result = label.toString();
        return HostLabels.valid(result) ? Optional.of(result) : Optional.empty();
    }

    /** One label already: 1 to 63 of {@code [a-z0-9-]}, neither starting nor ending with '-'. */
    private static boolean isLowerCaseLabel(String name) {
        int length = name.length();
        if (length == 0 || length > HostLabels.MAX_LENGTH || name.charAt(0) == '-' || name.charAt(length - 1) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
