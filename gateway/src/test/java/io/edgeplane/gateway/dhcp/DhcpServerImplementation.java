package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The DHCP servers the interop tests can run, each able to say whether this machine has it and to create one.
 * Adding edgeplane's is one constant here and one {@link DhcpServerUnderTest} class; the tests take every one
 * named in {@code DHCP_INTEROP_SERVERS} (comma-separated labels, default {@link #DEFAULT}: every constant).
 */
enum DhcpServerImplementation {

    /** dnsmasq 2.90 from Debian's package dnsmasq-base, started by {@link DnsmasqDhcpServer}. */
    DNSMASQ {
        @Override
        void requireAvailable() {
            DnsmasqDhcpServer.requireProgram();
        }

        @Override
        DhcpServerUnderTest create(DhcpTopology topology, DhcpServerSpec spec, Path dir) throws IOException {
            return new DnsmasqDhcpServer(topology, spec, dir);
        }
    },

    /** edgeplane's own, the distribution's bin/edgeplane, started by {@link EdgeplaneDhcpServer}. */
    EDGEPLANE {
        @Override
        void requireAvailable() {
            EdgeplaneDhcpServer.requireDistribution();
        }

        @Override
        DhcpServerUnderTest create(DhcpTopology topology, DhcpServerSpec spec, Path dir) throws IOException {
            return new EdgeplaneDhcpServer(topology, spec, dir);
        }
    };

    /** Every implementation there is. */
    static final String DEFAULT = String.join(",", Arrays.stream(values()).map(DhcpServerImplementation::label)
            .toList());

    /** Skips the test (fails it under EDGEPLANE_REQUIRE_INTEROP=1) when this machine lacks the server. */
    abstract void requireAvailable();

    /** A server for {@code spec} in {@code topology}'s server namespace, keeping its files under {@code dir}. */
    abstract DhcpServerUnderTest create(DhcpTopology topology, DhcpServerSpec spec, Path dir) throws IOException;

    /** {@code dnsmasq}, {@code edgeplane}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The servers of {@code DHCP_INTEROP_SERVERS}, or {@link #DEFAULT}. */
    static List<DhcpServerImplementation> selected() {
        return parse(System.getenv().getOrDefault("DHCP_INTEROP_SERVERS", DEFAULT));
    }

    static List<DhcpServerImplementation> parse(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(label -> {
            try {
                return valueOf(label.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DHCP_INTEROP_SERVERS: unknown server '" + label
                        + "' (expected some of: " + DEFAULT + ")", e);
            }
        }).toList();
    }

    @Override
    public String toString() {
        return label();
    }
}
