package io.edgeplane.dhcp.exchange;

/** The BOOTP ports (RFC 951). */
public final class DhcpPorts {
    /** Servers and relays listen here. */
    public static final int SERVER = 67;
    /** Clients listen here. */
    public static final int CLIENT = 68;

    private DhcpPorts() {
    }
}
