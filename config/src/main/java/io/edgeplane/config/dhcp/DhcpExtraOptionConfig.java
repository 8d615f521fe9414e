package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One option given by number, with exactly one of its value forms (dnsmasq's {@code dhcp-option=N,value}).
 *
 * @param code      1..254, not one the server sets itself (message type, server identifier, lease time...)
 * @param text      a string value, sent as its UTF-8 bytes
 * @param hex       raw bytes as hex pairs, optionally separated by {@code :}, such as {@code 01:02:0a}
 * @param addresses one or more IPv4 addresses, sent back to back
 * @param uint32    an unsigned 32-bit number
 * @param uint16    an unsigned 16-bit number
 * @param uint8     one byte
 */
public record DhcpExtraOptionConfig(int code, Optional<String> text, Optional<String> hex, List<InetAddress> addresses,
                                    Optional<Long> uint32, Optional<Integer> uint16, Optional<Integer> uint8)
        implements Checked {

    /** Options the server writes itself from the exchange or from named keys; overriding them breaks clients. */
    public static final List<Integer> RESERVED_CODES = List.of(0, 50, 51, 52, 53, 54, 55, 57, 61, 81, 82, 255);
    /** An option's value is at most 255 bytes unless split (RFC 3396); one config value stays within that. */
    public static final int MAX_LENGTH = 255;

    public DhcpExtraOptionConfig {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(hex, "hex");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(uint32, "uint32");
        Objects.requireNonNull(uint16, "uint16");
        Objects.requireNonNull(uint8, "uint8");
    }

    /** The option's value as it goes on the wire (meaningful once the checks passed). */
    public byte[] value() {
        if (text.isPresent()) {
            return text.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (hex.isPresent()) {
            return HexBytes.parse(hex.get());
        }
        if (!addresses.isEmpty()) {
            byte[] out = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).getAddress(), 0, out, i * 4, 4);
            }
            return out;
        }
        if (uint32.isPresent()) {
            long v = uint32.get();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        if (uint16.isPresent()) {
            int v = uint16.get();
            return new byte[] {(byte) (v >>> 8), (byte) v};
        }
        return new byte[] {(byte) (int) uint8.orElseThrow()};
    }

    @Override
    public void check(Checks checks) {
        if (!checks.key("code").require(code >= 1 && code <= 254 && !RESERVED_CODES.contains(code),
                "option " + code + " cannot be set here" + (RESERVED_CODES.contains(code)
                        ? ": the server writes it from the exchange itself" : ""),
                "an option number 1..254 other than " + RESERVED_CODES)) {
            return;
        }
        checks.key("code").require(!DhcpOptionsConfig.NAMED_CODES.contains(code), "option " + code
                + " has its own key in options (router, dns_servers, domain, broadcast, ntp_servers, renewal_time, "
                + "rebinding_time, and the subnet mask from the range)", "that key instead of extra");
        int forms = (text.isPresent() ? 1 : 0) + (hex.isPresent() ? 1 : 0) + (addresses.isEmpty() ? 0 : 1)
                + (uint32.isPresent() ? 1 : 0) + (uint16.isPresent() ? 1 : 0) + (uint8.isPresent() ? 1 : 0);
        if (!checks.require(forms == 1, "option " + code + " needs exactly one value, " + forms + " given",
                "one of text, hex, addresses, uint32, uint16 or uint8")) {
            return;
        }
        hex.ifPresent(h -> checks.key("hex").require(validHex(h), "'" + h + "' is not hex bytes",
                "hex pairs such as 01:02:0a or 01020a"));
        for (int i = 0; i < addresses.size(); i++) {
            checks.key("addresses").index(i).require(Ipv4Numbers.isIpv4(addresses.get(i)),
                    IpAddresses.format(addresses.get(i)) + " is not IPv4", Ipv4Numbers.EXPECTED);
        }
        uint32.ifPresent(v -> checks.key("uint32").require(v >= 0 && v <= 0xFFFF_FFFFL, v + " is not 0..4294967295",
                "an unsigned 32-bit number"));
        uint16.ifPresent(v -> checks.key("uint16").require(v >= 0 && v <= 0xFFFF, v + " is not 0..65535",
                "an unsigned 16-bit number"));
        uint8.ifPresent(v -> checks.key("uint8").require(v >= 0 && v <= 0xFF, v + " is not 0..255", "one byte"));
        text.ifPresent(t -> checks.key("text").require(!t.isEmpty(), "the text is empty", "a non-empty string"));
        // An empty text or bad hex is reported above; its length would only say it again.
        boolean sized = text.filter(t -> !t.isEmpty()).isPresent()
                || hex.filter(DhcpExtraOptionConfig::validHex).isPresent() || !addresses.isEmpty();
        if (sized) {
            int length = value().length;
            checks.require(length >= 1 && length <= MAX_LENGTH, "option " + code + " is " + length + " bytes long",
                    "1 to " + MAX_LENGTH + " bytes");
        }
    }

    private static boolean validHex(String h) {
        return HexBytes.length(h) >= 1;
    }
}
