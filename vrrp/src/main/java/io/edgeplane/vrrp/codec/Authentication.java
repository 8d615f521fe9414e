package io.edgeplane.vrrp.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The authentication of a VRRPv2 advertisement (RFC 3768 §5.3.6): none, or keepalived's {@code auth_type PASS}, a
 * clear-text password of up to 8 bytes carried in the last 8 bytes of the message. Type 2 (IPsec AH) is not
 * supported: RFC 3768 removed it and it needs a different IP protocol. VRRPv3 has no authentication.
 */
public sealed interface Authentication permits Authentication.None, Authentication.SimplePassword {

    /** No authentication: type 0, 8 zero bytes in a VRRPv2 message. */
    None NONE = new None();

    /** The Auth Type byte of a VRRPv2 message. */
    int type();

    /** The 8 bytes of Authentication Data, a fresh copy. */
    byte[] data();

    /** Auth type 0. */
    record None() implements Authentication {
        public static final int TYPE = 0;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public byte[] data() {
            return new byte[SimplePassword.LENGTH];
        }
    }

    /**
     * Auth type 1, the password as it is on the wire: 8 bytes, zero-padded. Its {@code toString} hides the
     * password so that it never reaches a log.
     */
    final class SimplePassword implements Authentication {
        public static final int TYPE = 1;
        /** The Authentication Data field's length. */
        public static final int LENGTH = 8;

        private final byte[] bytes;

        private SimplePassword(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * keepalived's {@code auth_pass}: its UTF-8 bytes, cut to 8 as keepalived cuts them and padded with zeros.
         */
        public static SimplePassword of(String password) {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
            return new SimplePassword(Arrays.copyOf(utf8, LENGTH));
        }

        /** The 8 bytes as they were on the wire. */
        public static SimplePassword ofWire(byte[] data) {
            Objects.requireNonNull(data, "data");
            if (data.length != LENGTH) {
                throw new IllegalArgumentException("password data must be 8 bytes, got " + data.length);
            }
            return new SimplePassword(data.clone());
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public byte[] data() {
            return bytes.clone();
        }

        /** Whether {@code other} is the same password, compared in constant time as keepalived does. */
        public boolean matches(SimplePassword other) {
            return MessageDigest.isEqual(bytes, other.bytes);
        }

        void writeTo(byte[] out, int offset) {
            System.arraycopy(bytes, 0, out, offset, LENGTH);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SimplePassword other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "SimplePassword[********]";
        }
    }
}
