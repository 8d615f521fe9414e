package io.edgeplane.ntp.client;

import io.edgeplane.ntp.select.SourceEstimate;
import java.util.Objects;

/**
 * What one round of selection concluded: how far our time is from the sources' (the combined offset, positive
 * when ours is behind), how noisy that is, and the system peer whose stratum and root figures ours follow
 * (RFC 5905 §11.2.3: our stratum is one more, our root delay and dispersion add the path to it).
 *
 * @param offsetNanos the combined offset of the survivors
 * @param jitterNanos the system jitter
 * @param peer        the system peer
 * @param peerAddress its address, for the reference ID
 * @param atNanos     the monotonic time the system peer's sample was taken: when the offset was measured
 */
public record SystemUpdate(long offsetNanos, long jitterNanos, SourceEstimate peer, java.net.InetAddress peerAddress,
                           long atNanos) {

    public SystemUpdate {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(peerAddress, "peerAddress");
    }

    /** Our stratum: the peer's plus one. */
    public int stratum() {
        return Math.min(16, peer.stratum() + 1);
    }

    /** Our root delay: the peer's and the path to it. */
    public long rootDelayNanos() {
        return peer.rootDelayNanos() + peer.filter().delayNanos();
    }

    /** Our root dispersion: the peer's, the path's, and the system jitter (RFC 5905 §11.2.3, simplified). */
    public long rootDispersionNanos() {
        return peer.rootDispersionNanos() + peer.filter().dispersionNanos() + jitterNanos;
    }

    /**
     * The reference ID a server with this peer sends: the peer's IPv4 address, or for IPv6 the first four bytes
     * of the MD5 of its address, as RFC 5905 §7.3 says.
     */
    public int referenceId() {
        byte[] address = peerAddress.getAddress();
        if (address.length == 4) {
            return (address[0] & 0xFF) << 24 | (address[1] & 0xFF) << 16 | (address[2] & 0xFF) << 8 | address[3] & 0xFF;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(address);
            return (digest[0] & 0xFF) << 24 | (digest[1] & 0xFF) << 16 | (digest[2] & 0xFF) << 8 | digest[3] & 0xFF;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
