package io.edgeplane.dns.zone;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dns.DnsConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds zones from YAML as the service will, and RDATA by hand as RFC 1035 lays it out. */
final class Zones {

    private Zones() {
    }

    /** The {@code dns:} section of {@code yaml}, parsed and checked by the real config loader. */
    static DnsConfig config(String yaml) {
        try {
            return new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", yaml).dns().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError("test config does not load: " + e.getMessage(), e);
        }
    }

    static LocalZone zone(String yaml) {
        return LocalZone.build(config(yaml), List.of(), new DynamicHosts());
    }

    static LocalZone zone(String yaml, String hostsFile) {
        return LocalZone.build(config(yaml), HostsFile.parse(hostsFile).entries(), new DynamicHosts());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    /** The records of a {@link LocalAnswer.Found}, failing the test for any other answer. */
    static List<ResourceRecord> records(LocalAnswer answer) {
        if (!(answer instanceof LocalAnswer.Found found)) {
            throw new AssertionError("expected records, got " + answer);
        }
        return found.records();
    }

    /** The one address a {@link LocalAnswer.Found} holds, as text. */
    static String address(LocalAnswer answer) {
        List<ResourceRecord> records = records(answer);
        if (records.size() != 1) {
            throw new AssertionError("expected one record, got " + records);
        }
        try {
            return InetAddress.getByAddress(records.getFirst().rdata()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Bytes from ints, so a test can write {@code bytes(0x00, 0x0a)}. */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** A name in wire form, built label by label without the code under test. */
    static byte[] wire(String... labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : labels) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
