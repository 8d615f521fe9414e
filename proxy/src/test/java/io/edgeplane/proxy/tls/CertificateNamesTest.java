package io.edgeplane.proxy.tls;

import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which names and addresses a server certificate is for (RFC 9525). */
class CertificateNamesTest {

    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Names Root");
    }

    static X509Certificate certificate(String... names) throws Exception {
        return pki.leaf(EC, pki.root(), names).certificate();
    }

    @Test
    void namesMatchIgnoringCaseAndAFinalDot() throws Exception {
        X509Certificate certificate = certificate("api.internal", "API2.Example.com");

        assertThat(CertificateNames.matchesName(certificate, "api.internal")).isTrue();
        assertThat(CertificateNames.matchesName(certificate, "API.internal.")).isTrue();
        assertThat(CertificateNames.matchesName(certificate, "api2.example.com")).isTrue();
        assertThat(CertificateNames.matchesName(certificate, "api.internal.example")).isFalse();
        assertThat(CertificateNames.matchesName(certificate, "internal")).isFalse();
    }

    @Test
    void aWildcardStandsForExactlyOneWholeLeftmostLabel() throws Exception {
        X509Certificate certificate = certificate("*.apps.example.com");

        assertThat(CertificateNames.matchesName(certificate, "a.apps.example.com")).isTrue();
        assertThat(CertificateNames.matchesName(certificate, "apps.example.com")).isFalse();
        assertThat(CertificateNames.matchesName(certificate, "a.b.apps.example.com")).isFalse();
        assertThat(CertificateNames.matchesName(certificate, ".apps.example.com")).isFalse();
    }

    @Test
    void wildcardsNoCaIssuesAreNotHonoured() throws Exception {
        assertThat(CertificateNames.matchesName(certificate("x", "*.com"), "example.com")).isFalse();
        assertThat(CertificateNames.matchesName(certificate("x", "a*.example.com"), "ab.example.com")).isFalse();
        assertThat(CertificateNames.matchesName(certificate("x", "*.*.example.com"), "a.b.example.com")).isFalse();
    }

    @Test
    void theCommonNameIsNotReadWhenTheAlternativeNamesSayOtherwise() throws Exception {
        // TestPki makes the first name the CN too; a certificate whose SANs lack a name is not for it.
        X509Certificate certificate = certificate("127.0.0.1");

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(CertificateNames.matchesName(certificate, "127.0.0.1")).isFalse();
    }

    @Test
    void addressesMatchTheCertificatesAddressEntriesOnly() throws Exception {
        X509Certificate certificate = certificate("10.0.0.5", "::1", "localhost");

        assertThat(CertificateNames.matchesAddress(certificate, InetAddress.ofLiteral("10.0.0.5"))).isTrue();
        assertThat(CertificateNames.matchesAddress(certificate, InetAddress.ofLiteral("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(CertificateNames.matchesAddress(certificate, InetAddress.ofLiteral("10.0.0.6"))).isFalse();
        assertThat(CertificateNames.matchesAddress(certificate("localhost"), InetAddress.ofLiteral("127.0.0.1"))).isFalse();
        assertThat(CertificateNames.all(certificate)).containsExactly("localhost", "10.0.0.5", "0:0:0:0:0:0:0:1");
    }
}
