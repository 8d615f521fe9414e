package io.edgeplane.dhcp.lease;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** TEMPORARY stand-in until the lease journal branch lands: the client identifier option's bytes. */
public record ClientId(byte[] bytes) {
    public ClientId {
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
