package io.edgeplane.ntp.packet;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Decodes an NTP datagram: the 48-byte header, then the framing of what follows it, which is checked as chrony
 * checks it and as RFC 7822 allows an NTPv4 packet to be parsed without knowing its keys:
 * <ul>
 *   <li>the length is at least 48 and a multiple of 4 (extension fields and MACs come in words);</li>
 *   <li>in NTPv3 and older, which have no extension fields, whatever follows the header is a MAC;</li>
 *   <li>in NTPv4, 4 zero bytes are a crypto-NAK; 20 to 24 bytes left are a MAC (RFC 7822 caps an NTPv4 MAC at
 *       24 bytes so that this is unambiguous); anything longer starts an extension field of at least 16 bytes,
 *       a multiple of 4, that fits in what is left; anything else is malformed.</li>
 * </ul>
 * The bytes inside extension fields and MACs are not read. Nothing at or past {@code length} is read.
 */
public final class NtpPacketDecoder {

    /** RFC 7822 §3: the smallest extension field, a 4-byte header and 12 bytes of value. */
    public static final int MIN_EXTENSION_FIELD_LENGTH = 16;

    /** A 4-byte key ID and a 16-byte (MD5) digest. */
    public static final int MIN_MAC_LENGTH = 20;

    /** RFC 7822 §7.5: a 4-byte key ID and at most a 20-byte digest in NTPv4. */
    public static final int MAX_V4_MAC_LENGTH = 24;

    private static final int CRYPTO_NAK_LENGTH = 4;

    private NtpPacketDecoder() {
    }

    /**
     * Decodes the first {@code length} bytes of {@code data}.
     *
     * @throws IndexOutOfBoundsException if {@code length} is negative or past the end of {@code data}: that is the
     *                                   caller's mistake, not the sender's
     */
    public static DecodeResult decode(byte[] data, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(0, length, data.length);
        if (length < NtpPacket.LENGTH) {
            return new DecodeResult.Malformed("length " + length + " is shorter than the 48-byte header");
        }
        if (length % 4 != 0) {
            return new DecodeResult.Malformed("length " + length + " is not a multiple of 4");
        }
        int first = data[0] & 0xff;
        int version = first >>> 3 & 7;

        int remainder = length - NtpPacket.LENGTH;
        int fields = 0;
        int mac = 0;
        if (remainder > 0 && version != 4) {
            mac = remainder;
        } else if (remainder == CRYPTO_NAK_LENGTH) {
            int keyId = BigEndian.getInt(data, NtpPacket.LENGTH);
            if (keyId != 0) {
                return new DecodeResult.Malformed("4 bytes after the header are not a crypto-NAK (key ID 0) but 0x"
                        + Integer.toHexString(keyId));
            }
            mac = CRYPTO_NAK_LENGTH;
        } else {
            int offset = NtpPacket.LENGTH;
            while (remainder > 0) {
                if (remainder >= MIN_MAC_LENGTH && remainder <= MAX_V4_MAC_LENGTH) {
                    mac = remainder;
                    break;
                }
                if (remainder < MIN_MAC_LENGTH) {
                    return new DecodeResult.Malformed(remainder + " bytes at offset " + offset
                            + " are neither an extension field (16 bytes or more) nor a MAC (20 to 24 bytes)");
                }
                int fieldLength = BigEndian.getUnsignedShort(data, offset + 2);
                if (fieldLength < MIN_EXTENSION_FIELD_LENGTH || fieldLength % 4 != 0 || fieldLength > remainder) {
                    return new DecodeResult.Malformed("extension field at offset " + offset + " has length "
                            + fieldLength + ", expected a multiple of 4 from 16 to the " + remainder + " bytes left");
                }
                fields++;
                offset += fieldLength;
                remainder -= fieldLength;
            }
        }
        return new DecodeResult.Ok(header(data, first), fields, mac);
    }

    /**
     * Whether the {@code length} bytes of {@code data} from {@code offset} are framed as {@link #decode} accepts
     * them: the same checks, in the same order, without building the packet or a message. The server's request
     * path calls it for every datagram, so it allocates nothing; {@code NtpPacketDecoderFramingTest} holds the two
     * to the same verdict on random input.
     *
     * @throws IndexOutOfBoundsException if the bytes are not all inside {@code data}
     */
    public static boolean isWellFramed(MemorySegment data, long offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.byteSize());
        if (length < NtpPacket.LENGTH || length % 4 != 0) {
            return false;
        }
        int version = WireOrder.getUnsignedByte(data, offset) >>> 3 & 7;
        int remainder = length - NtpPacket.LENGTH;
        if (remainder > 0 && version != 4) {
            return true;
        }
        if (remainder == CRYPTO_NAK_LENGTH) {
            return WireOrder.getInt(data, offset + NtpPacket.LENGTH) == 0;
        }
        long at = offset + NtpPacket.LENGTH;
        while (remainder > 0) {
            if (remainder >= MIN_MAC_LENGTH && remainder <= MAX_V4_MAC_LENGTH) {
                return true;
            }
            if (remainder < MIN_MAC_LENGTH) {
                return false;
            }
            int fieldLength = WireOrder.getUnsignedShort(data, at + 2);
            if (fieldLength < MIN_EXTENSION_FIELD_LENGTH || fieldLength % 4 != 0 || fieldLength > remainder) {
                return false;
            }
            at += fieldLength;
            remainder -= fieldLength;
        }
        return true;
    }

    private static NtpPacket header(byte[] data, int first) {
        return new NtpPacket(
                first >>> 6,
                first >>> 3 & 7,
                first & 7,
                data[1] & 0xff,
                data[2],
                data[3],
                new NtpShort(BigEndian.getInt(data, 4)),
                new NtpShort(BigEndian.getInt(data, 8)),
                BigEndian.getInt(data, 12),
                new NtpTimestamp(BigEndian.getLong(data, 16)),
                new NtpTimestamp(BigEndian.getLong(data, NtpPacket.ORIGIN_TIME_OFFSET)),
                new NtpTimestamp(BigEndian.getLong(data, NtpPacket.RECEIVE_TIME_OFFSET)),
                new NtpTimestamp(BigEndian.getLong(data, NtpPacket.TRANSMIT_TIME_OFFSET)));
    }
}
