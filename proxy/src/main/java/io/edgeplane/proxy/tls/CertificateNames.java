package io.edgeplane.proxy.tls;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a server's certificate is for the name or the address a connection meant to reach, by the rules
 * of RFC 9525 (which replaces RFC 6125): a name against the subjectAltName's DNS entries, with a wildcard
 * only as a whole leftmost label ({@code *.example.com} is for {@code a.example.com}, not for
 * {@code example.com} nor {@code a.b.example.com}); an address against its IP entries. The subject's common
 * name is never read, as browsers and Go no longer do: a certificate names its server in subjectAltName.
 */
final class CertificateNames {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateNames() {
    }

    /** Whether {@code certificate} is for the DNS name {@code name} (compared ignoring case and a final dot). */
    static boolean matchesName(X509Certificate certificate, String name) {
        String wanted = normalized(name);
        for (String pattern : entries(certificate, DNS_NAME)) {
            if (matches(normalized(pattern), wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code certificate} is for the IP address {@code address}. */
    static boolean matchesAddress(X509Certificate certificate, InetAddress address) {
        byte[] wanted = address.getAddress();
        for (String entry : entries(certificate, IP_ADDRESS)) {
            try {
                if (Arrays.equals(InetAddress.ofLiteral(entry).getAddress(), wanted)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // Not an address after all: it names nothing this connection can be.
            }
        }
        return false;
    }

    /** Every DNS name and IP address the certificate is for, for messages. */
    static List<String> all(X509Certificate certificate) {
        List<String> names = new ArrayList<>(entries(certificate, DNS_NAME));
        names.addAll(entries(certificate, IP_ADDRESS));
        return names;
    }

    private static boolean matches(String pattern, String name) {
        if (!pattern.startsWith("*.")) {
            return pattern.indexOf('*') < 0 && pattern.equals(name);
        }
        String parent = pattern.substring(2);
        int dot = name.indexOf('.');
        // "*.com" would be for every name under a top-level domain; no CA may issue it, none is honoured.
        return parent.indexOf('.') > 0 && parent.indexOf('*') < 0 && dot > 0 && name.substring(dot + 1).equals(parent);
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static List<String> entries(X509Certificate certificate, int type) {
        List<String> entries = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(type).equals(alternative.get(0))) {
                        entries.add(alternative.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names nothing: the certificate is for no one.
        }
        return entries;
    }
}
