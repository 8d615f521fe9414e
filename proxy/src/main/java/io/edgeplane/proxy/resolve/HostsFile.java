package io.edgeplane.proxy.resolve;

import io.netty.resolver.HostsFileEntriesProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The hosts file ({@code /etc/hosts}), read again whenever it changes, so that moving a server there is
 * followed like a DNS change. (Netty's own hosts-file lookup reads the file once per process, which would
 * make an edit invisible until a restart; the system resolver, which edgeplane used before, reads it on
 * every lookup.) Used on the resolver thread only.
 */
final class HostsFile {

    private final Path path;
    private FileTime modified;
    private long size = -1;
    private Map<String, List<InetAddress>> ipv4 = Map.of();
    private Map<String, List<InetAddress>> ipv6 = Map.of();

    HostsFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The addresses the file gives {@code host}: its IPv4 ones if it has any, else its IPv6 ones; maybe none. */
    List<InetAddress> addresses(String host) {
        refreshIfChanged();
        String key = host.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        List<InetAddress> v4 = ipv4.get(key);
        if (v4 != null && !v4.isEmpty()) {
            return v4;
        }
        List<InetAddress> v6 = ipv6.get(key);
        return v6 != null ? v6 : List.of();
    }

    /** One stat per lookup (a lookup per name per TTL at most), a parse only when the file changed. */
    private void refreshIfChanged() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            clear();
            return;
        } catch (IOException e) {
            // Unreadable for a moment: keep what was read last rather than forget every entry.
            return;
        }
        if (attributes.lastModifiedTime().equals(modified) && attributes.size() == size) {
            return;
        }
        try {
            HostsFileEntriesProvider entries = HostsFileEntriesProvider.parser().parse(path.toFile(), StandardCharsets.UTF_8);
            ipv4 = Map.copyOf(entries.ipv4Entries());
            ipv6 = Map.copyOf(entries.ipv6Entries());
            modified = attributes.lastModifiedTime();
            size = attributes.size();
        } catch (IOException e) {
            // Keep the previous entries; the next lookup tries again since modified was not updated.
        }
    }

    private void clear() {
        ipv4 = Map.of();
        ipv6 = Map.of();
        modified = null;
        size = -1;
    }
}
