package io.edgeplane.config.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS 1.2 cipher suites a listener may name, by their OpenSSL names (as HAProxy's and nginx's
 * {@code ciphers} lists write them), with the IANA names the JDK and Netty use. Known here so that
 * {@code edgeplane check} catches a misspelt suite; whether the TLS provider in use implements it is checked
 * when the listener starts.
 */
public final class CipherSuiteNames {

    /** OpenSSL name to IANA name, strongest first. */
    private static final Map<String, String> TLS12 = tls12();

    /** TLS 1.3's suites: always on with TLS 1.3, as BoringSSL does not let them be chosen. */
    public static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private CipherSuiteNames() {
    }

    private static Map<String, String> tls12() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        m.put("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        m.put("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        m.put("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        m.put("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        m.put("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        m.put("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        m.put("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
        m.put("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        m.put("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        m.put("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        m.put("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        m.put("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        m.put("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        m.put("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        m.put("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384");
        m.put("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256");
        m.put("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
        m.put("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256");
        m.put("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");
        m.put("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
        return Map.copyOf(m);
    }

    /** The IANA name of the TLS 1.2 suite OpenSSL calls {@code openSslName}, if it is one. */
    public static Optional<String> iana(String openSslName) {
        return Optional.ofNullable(TLS12.get(openSslName));
    }

    /** The OpenSSL name of a TLS 1.2 suite written with its IANA name, for a hint. */
    static Optional<String> openSslName(String ianaName) {
        return TLS12.entrySet().stream().filter(e -> e.getValue().equals(ianaName)).map(Map.Entry::getKey).findFirst();
    }
}
