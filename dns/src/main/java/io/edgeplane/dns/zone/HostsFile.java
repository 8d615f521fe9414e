package io.edgeplane.dns.zone;

import io.edgeplane.config.dns.DnsNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A file in {@code /etc/hosts} form, parsed: an address then its names on each line, {@code #} to the end of a
 * line a comment. Parsing never fails on content: a line it cannot use is skipped and counted, so the service
 * can log how many, and a name that is not a valid DNS name is dropped from its line. Scoped IPv6 addresses
 * ({@code fe80::1%eth0}) mean one interface's link and cannot be served to other hosts: their lines are
 * skipped too.
 *
 * <p>{@link #read} does file I/O: call it off the event loop (at start and on reload).
 *
 * @param entries      the usable lines, in file order
 * @param skippedLines lines that had content but no usable address or no valid name
 * @param skippedNames invalid names dropped from lines that were otherwise used
 */
public record HostsFile(List<Entry> entries, int skippedLines, int skippedNames) {

    /** The largest file {@link #read(Path)} accepts: far above any real hosts file, far below memory trouble. */
    public static final long MAX_BYTES = 64L << 20;

    public HostsFile {
        entries = List.copyOf(entries);
    }

    /**
     * One line: an address and its names.
     *
     * @param address the address, IPv4 or IPv6
     * @param names   canonical names, at least one; the first is the host's canonical name, where its PTR
     *                record points, the others are aliases
     */
    public record Entry(InetAddress address, List<String> names) {

        public Entry {
            Objects.requireNonNull(address, "address");
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a hosts entry for " + address.getHostAddress() + " needs a name");
            }
        }
    }

    /** Parses {@code text} in {@code /etc/hosts} form. */
    public static HostsFile parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Entry> entries = new ArrayList<>();
        int skippedLines = 0;
        int skippedNames = 0;
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            tokens.clear();
            tokenize(text, start, end, tokens);
            start = end + 1;
            if (tokens.isEmpty()) {
                continue;
            }
            InetAddress address = address(tokens.getFirst());
            if (address == null) {
                skippedLines++;
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            for (int i = 1; i < tokens.size(); i++) {
                String name = tokens.get(i);
                if (DnsNames.valid(name)) {
                    names.add(DnsNames.canonical(name));
                } else {
                    skippedNames++;
                }
            }
            if (names.isEmpty()) {
                skippedLines++;
            } else {
                entries.add(new Entry(address, List.copyOf(names)));
            }
        }
        return new HostsFile(entries, skippedLines, skippedNames);
    }

    /**
     * Reads and parses the file at {@code path}, at most {@link #MAX_BYTES}.
     *
     * @throws IOException naming the path and the reason, if it cannot be read or is too large
     */
    public static HostsFile read(Path path) throws IOException {
        return read(path, MAX_BYTES);
    }

    static HostsFile read(Path path, long maxBytes) throws IOException {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // One byte past the limit tells "exactly at the limit" from "over it" without trusting the size.
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read hosts file " + path + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read hosts file " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot read hosts file " + path + ": " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw new IOException("cannot read hosts file " + path + ": it is larger than " + maxBytes
                    + " bytes, the most a hosts file may hold");
        }
        // Malformed UTF-8 becomes U+FFFD, which no valid name contains: such names are skipped and counted.
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private static void tokenize(String text, int start, int end, List<String> tokens) {
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '#') {
                return;
            }
            if (isSpace(c)) {
                i++;
                continue;
            }
            int tokenStart = i;
            while (i < end && !isSpace(text.charAt(i)) && text.charAt(i) != '#') {
                i++;
            }
            tokens.add(text.substring(tokenStart, i));
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** The address {@code token} spells, or {@code null}; never a name lookup. */
    private static InetAddress address(String token) {
        if (token.indexOf('%') >= 0) {
            return null;
        }
        if (token.indexOf(':') >= 0) {
            try {
                return InetAddress.ofLiteral(token);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return ipv4(token);
    }

    /**
     * Four decimal parts of 0..255 only: {@code InetAddress} would also take the BSD forms ({@code 127.1},
     * {@code 10.1.256}) that mean something else to a reader of the file.
     */
    private static InetAddress ipv4(String token) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= token.length(); i++) {
            char c = i < token.length() ? token.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (value == 0) {
                    // 010 is octal 8 to inet_aton and an error to inet_pton: refuse rather than guess.
                    return null;
                }
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 4) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
