package io.edgeplane.dns.forward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code nameserver} lines of a resolv.conf (resolv.conf(5)), which dnsmasq takes as its upstreams unless
 * told {@code no-resolv}: each an IP address, port 53. Other lines (search, options) mean nothing to a
 * forwarder; a nameserver line that is not an IP address is skipped and counted.
 *
 * @param servers the name servers, in file order, each once
 * @param skipped nameserver lines that did not hold an IP address
 */
public record ResolvConf(List<InetSocketAddress> servers, int skipped) {

    private static final int DNS_PORT = 53;

    public ResolvConf {
        servers = List.copyOf(servers);
    }

    public static ResolvConf read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static ResolvConf parse(List<String> lines) {
        List<InetSocketAddress> servers = new ArrayList<>();
        int skipped = 0;
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("nameserver")) {
                continue;
            }
            String text = fields[1];
            // A link-local IPv6 server carries its interface (fe80::1%eth0), which the address keeps.
            if (!isAddressLiteral(text)) {
                skipped++;
                continue;
            }
            try {
                InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(text), DNS_PORT);
                if (!servers.contains(server)) {
                    servers.add(server);
                }
            } catch (UnknownHostException e) {
                skipped++;
            }
        }
        return new ResolvConf(servers, skipped);
    }

    /** Digits, hex, dots, colons and a scope: never a name, which getByName would go and resolve. */
    private static boolean isAddressLiteral(String text) {
        int scope = text.indexOf('%');
        String address = scope < 0 ? text : text.substring(0, scope);
        if (address.isEmpty()) {
            return false;
        }
        boolean colon = address.indexOf(':') >= 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return colon || address.chars().filter(c -> c == '.').count() == 3;
    }
}
