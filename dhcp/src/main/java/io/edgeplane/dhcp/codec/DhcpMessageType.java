package io.edgeplane.dhcp.codec;

import java.util.Optional;

/**
 * The DHCP message type, option 53 (RFC 2132 §9.6). RFC 4388's lease query types (10 to 13) and RFC 3203's
 * FORCERENEW (9) are not here: a server of dnsmasq's scope neither answers nor sends them, so the decoder drops them
 * as {@link DropReason#BAD_MESSAGE_TYPE}.
 */
public enum DhcpMessageType {
    DISCOVER(1),
    OFFER(2),
    REQUEST(3),
    DECLINE(4),
    ACK(5),
    NAK(6),
    RELEASE(7),
    INFORM(8);

    private static final DhcpMessageType[] BY_CODE = values();

    private final int code;

    DhcpMessageType(int code) {
        this.code = code;
    }

    /** The value carried in option 53. */
    public int code() {
        return code;
    }

    /** The type with this code, or empty for a code outside 1 to 8. */
    public static Optional<DhcpMessageType> ofCode(int code) {
        return code >= 1 && code <= BY_CODE.length ? Optional.of(BY_CODE[code - 1]) : Optional.empty();
    }

    /** Whether a client sends it (BOOTREQUEST), rather than a server (BOOTREPLY). */
    public boolean fromClient() {
        return this == DISCOVER || this == REQUEST || this == DECLINE || this == RELEASE || this == INFORM;
    }
}
