package io.edgeplane.dhcp.lease;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One line of the journal, encoded into a reused array (the commit path allocates nothing per line but the copies
 * the records' accessors make) and decoded strictly. The format:
 * <pre>
 * # edgeplane dhcp leases v1
 * + &lt;expiry-epoch-seconds&gt; &lt;mac-or-*&gt; &lt;ip&gt; &lt;hostname-or-*&gt; &lt;clientid-or-*&gt; &lt;crc32&gt;
 * - &lt;ip&gt; &lt;crc32&gt;
 * </pre>
 * Fields are separated by one space; the CRC-32 is 8 lowercase hex digits over every byte before the space that
 * precedes it. '*' cannot be mistaken for a value: it is neither hex nor a DNS label.
 */
final class LeaseLine {

    /** The first line of every journal; a later format changes the version so an older edgeplane refuses it. */
    static final String HEADER = "# edgeplane dhcp leases v1";
    /** The start every edgeplane journal's header shares, whatever its version. */
    static final String HEADER_PREFIX = "# edgeplane dhcp leases ";
    /**
     * The longest line replay accepts, newline excluded. The longest line written, with a 16-byte hardware address,
     * a 63-byte host name and a 255-byte client identifier, is 922 bytes.
     */
    static final int MAX_LENGTH = 1024;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_FIELD = 9; // a space and 8 hex digits

    private final byte[] line = new byte[MAX_LENGTH + 1];
    private final CRC32 crc = new CRC32();
    private int length;

    /** A line of the journal, decoded: a grant or renewal, or the end of an address's lease. */
    sealed interface JournalRecord {
    }

    record Grant(Lease lease) implements JournalRecord {
    }

    record Removal(Inet4Address address) implements JournalRecord {
    }

    /** Why a line was skipped; no stack trace, since a garbage file may make millions of them. */
    static final class CorruptLineException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptLineException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The encoded line, newline included, valid up to {@link #length()} and until the next encode. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Encodes {@code + expiry mac ip host clientid crc\n}. */
    void encodeGrant(Lease lease) {
        length = 0;
        put((byte) '+');
        put((byte) ' ');
        putDecimal(lease.expires().getEpochSecond());
        put((byte) ' ');
        byte[] mac = lease.hardwareAddress().bytes();
        if (mac.length == 0) {
            put((byte) '*');
        } else {
            putHex(mac);
        }
        put((byte) ' ');
        putAddress(lease.address());
        put((byte) ' ');
        if (lease.hostName().isPresent()) {
            String host = lease.hostName().get();
            for (int i = 0; i < host.length(); i++) {
                put((byte) host.charAt(i)); // ASCII: Lease checked it is a DNS label
            }
        } else {
            put((byte) '*');
        }
        put((byte) ' ');
        if (lease.clientId().isPresent()) {
            putHex(lease.clientId().get().bytes());
        } else {
            put((byte) '*');
        }
        finish();
    }

    /** Encodes {@code - ip crc\n}. */
    void encodeRemoval(Inet4Address address) {
        length = 0;
        put((byte) '-');
        put((byte) ' ');
        putAddress(address);
        finish();
    }

    private void finish() {
        crc.reset();
        crc.update(line, 0, length);
        int sum = (int) crc.getValue();
        put((byte) ' ');
        for (int shift = 28; shift >= 0; shift -= 4) {
            put(HEX[sum >>> shift & 0xF]);
        }
        put((byte) '\n');
    }

    private void put(byte b) {
        line[length++] = b;
    }

    private void putDecimal(long value) {
        if (value < 0) {
            put((byte) '-');
            value = -value; // an Instant's seconds never reach Long.MIN_VALUE
        }
        int start = length;
        do {
            put((byte) ('0' + value % 10));
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = line[i];
            line[i] = line[j];
            line[j] = t;
        }
    }

    private void putHex(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                put((byte) ':');
            }
            put(HEX[bytes[i] >> 4 & 0xF]);
            put(HEX[bytes[i] & 0xF]);
        }
    }

    private void putAddress(Inet4Address address) {
        byte[] octets = address.getAddress();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                put((byte) '.');
            }
            putDecimal(octets[i] & 0xFF);
        }
    }

    /** Decodes {@code length} bytes of {@code data}, the newline excluded; never throws anything else. */
    JournalRecord decode(byte[] data, int length) throws CorruptLineException {
        if (length < CRC_FIELD + 2 || data[length - CRC_FIELD] != ' ') {
            throw new CorruptLineException("no checksum at the end of the line");
        }
        int body = length - CRC_FIELD;
        long stated = 0;
        for (int i = body + 1; i < length; i++) {
            int digit = Character.digit(data[i], 16);
            if (digit < 0) {
                throw new CorruptLineException("checksum is not 8 hex digits");
            }
            stated = stated << 4 | digit;
        }
        crc.reset();
        crc.update(data, 0, body);
        if (crc.getValue() != stated) {
            throw new CorruptLineException("checksum mismatch");
        }
        for (int i = 0; i < body; i++) {
            if (data[i] < ' ' || data[i] > '~') {
                throw new CorruptLineException("byte " + (data[i] & 0xFF) + " at column " + (i + 1)
                        + ", expected printable ASCII");
            }
        }
        String[] fields = new String(data, 0, body, StandardCharsets.US_ASCII).split(" ", -1);
        return switch (fields[0]) {
            case "+" -> grant(fields);
            case "-" -> removal(fields);
            default -> throw new CorruptLineException("record type '" + fields[0] + "', expected '+' or '-'");
        };
    }

    private static Grant grant(String[] fields) throws CorruptLineException {
        if (fields.length != 6) {
            throw new CorruptLineException(fields.length + " fields in a grant, expected 6 and a checksum");
        }
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[1]));
            HardwareAddress mac = fields[2].equals("*") ? new HardwareAddress(new byte[0])
                    : HardwareAddress.parse(fields[2]);
            Inet4Address address = parseAddress(fields[3]);
            Optional<String> host = fields[4].equals("*") ? Optional.empty() : Optional.of(fields[4]);
            Optional<ClientId> clientId = fields[5].equals("*") ? Optional.empty()
                    : Optional.of(ClientId.parse(fields[5]));
            return new Grant(new Lease(address, mac, clientId, host, expires));
        } catch (IllegalArgumentException | DateTimeException e) { // NumberFormatException is an IAE
            throw new CorruptLineException(e.getMessage());
        }
    }

    private static Removal removal(String[] fields) throws CorruptLineException {
        if (fields.length != 2) {
            throw new CorruptLineException(fields.length + " fields in a removal, expected 2 and a checksum");
        }
        return new Removal(parseAddress(fields[1]));
    }

    /** Strict dotted quad: never a name, so never a DNS lookup, and no leading zeros that inet_aton reads as octal. */
    static Inet4Address parseAddress(String text) throws CorruptLineException {
        byte[] octets = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    throw badAddress(text);
                }
                octets[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9' && value != 0) {
                value = value < 0 ? c - '0' : value * 10 + c - '0';
                if (value > 255) {
                    throw badAddress(text);
                }
            } else {
                throw badAddress(text);
            }
        }
        if (part != 4) {
            throw badAddress(text);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    private static CorruptLineException badAddress(String text) {
        return new CorruptLineException("address '" + text + "', expected a dotted quad such as 198.18.0.10");
    }
}
