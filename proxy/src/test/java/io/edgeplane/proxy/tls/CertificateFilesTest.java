package io.edgeplane.proxy.tls;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyFormat.TRADITIONAL;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static io.edgeplane.proxy.tls.TestPki.KeyType.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.proxy.CertificateConfig;
import io.edgeplane.config.proxy.ClientAuthConfig;
import io.edgeplane.config.proxy.SessionCacheConfig;
import io.edgeplane.config.proxy.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM bundles and key files in every format, chains put in order, and the files a listener refuses. */
class CertificateFilesTest {

    static TestPki pki;
    static TestPki.Issued intermediate;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Test Root");
        intermediate = pki.intermediate("Test Intermediate", pki.root());
    }

    static TlsConfig tls(CertificateConfig... certificates) {
        return new TlsConfig(List.of(certificates), List.of(), List.of(), List.of(), false,
                new SessionCacheConfig(100, Duration.ofMinutes(5)), Optional.empty(), Duration.ofSeconds(5));
    }

    static CertificateConfig directory(Path directory) {
        return new CertificateConfig(Optional.of(directory.toString()), Optional.empty(), Optional.empty());
    }

    static CertificateConfig pair(Path cert, Path key) {
        return new CertificateConfig(Optional.empty(), Optional.of(cert.toString()), Optional.ofNullable(key).map(Path::toString));
    }

    @ParameterizedTest(name = "{0} key in {1} form")
    @CsvSource({"RSA, TRADITIONAL", "RSA, PKCS8", "EC, TRADITIONAL", "EC, PKCS8"})
    void readsEveryKeyFormatInABundleOrBesideIt(TestPki.KeyType type, TestPki.KeyFormat format) throws Exception {
        TestPki.Issued leaf = pki.leaf(type, intermediate, "site.test");
        String header = TestPki.pem(leaf.keys(), format).lines().filter(l -> l.contains("PRIVATE KEY")).findFirst().orElseThrow();
        assertThat(header).isEqualTo(format == PKCS8 ? "-----BEGIN PRIVATE KEY-----"
                : type == RSA ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
        Path bundle = TestPki.writeBundle(dir.resolve("bundle.pem"), leaf, format);
        TestPki.writePair(dir.resolve("c.pem"), dir.resolve("k.pem"), leaf, format);

        for (TlsConfig config : List.of(tls(pair(bundle, null)), tls(pair(dir.resolve("c.pem"), dir.resolve("k.pem"))))) {
            ServerCertificate certificate = CertificateSources.load(config).getFirst();
            assertThat(certificate.key().getAlgorithm()).isEqualTo(type.name());
            assertThat(certificate.chain()).containsExactly(leaf.certificate(), intermediate.certificate());
            assertThat(certificate.names()).containsExactly("site.test");
            assertThat(certificate.subject()).isEqualTo("site.test");
        }
    }

    @Test
    void aBundleInAnyOrderIsServedLeafFirstThenItsIssuers() throws Exception {
        TestPki.Issued leaf = pki.leaf(EC, intermediate, "site.test");
        Path file = TestPki.write(dir.resolve("mixed.pem"), TestPki.pem(leaf.keys(), TRADITIONAL)
                + TestPki.pem(List.of(pki.root().certificate(), intermediate.certificate(), leaf.certificate())));

        ServerCertificate certificate = CertificateSources.load(tls(pair(file, null))).getFirst();

        assertThat(certificate.chain()).containsExactly(leaf.certificate(), intermediate.certificate(), pki.root().certificate());
    }

    @Test
    void aDirectoryGivesOneCertificatePerBundleInNameOrderWithKeysBeside() throws Exception {
        TestPki.Issued b = pki.leaf(RSA, pki.root(), "b.test");
        TestPki.Issued a = pki.leaf(EC, pki.root(), "*.a.test");
        TestPki.Issued c = pki.leaf(EC, pki.root(), "c.test");
        TestPki.writeBundle(dir.resolve("b.pem"), b, PKCS8);
        TestPki.writePair(dir.resolve("a.pem"), dir.resolve("a.pem.key"), a, TRADITIONAL);
        TestPki.writePair(dir.resolve("c.crt"), dir.resolve("c.key"), c, PKCS8);
        Files.writeString(dir.resolve(".hidden"), "not a certificate");
        Files.writeString(dir.resolve("b.pem.ocsp"), "not a certificate either");

        List<ServerCertificate> certificates = CertificateSources.load(tls(directory(dir)));

        assertThat(certificates).extracting(ServerCertificate::names)
                .containsExactly(List.of("*.a.test"), List.of("b.test"), List.of("c.test"));
    }

    @Test
    void filesThatCannotBeUsedAreNamedWithWhatIsWrong() throws Exception {
        TestPki.Issued leaf = pki.leaf(EC, pki.root(), "site.test");
        TestPki.Issued other = pki.leaf(EC, pki.root(), "other.test");
        TestPki.write(dir.resolve("cert.pem"), TestPki.pem(List.of(leaf.certificate())));
        TestPki.write(dir.resolve("other.key"), TestPki.pem(other.keys(), PKCS8));
        TestPki.write(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        java.io.StringWriter encrypted = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(encrypted)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(leaf.key(),
                    new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                            org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        }
        TestPki.write(dir.resolve("encrypted.key"), encrypted.toString());

        assertThatThrownBy(() -> CertificateSources.load(tls(pair(dir.resolve("missing.pem"), null))))
                .isInstanceOf(TlsSetupException.class).hasMessage(dir.resolve("missing.pem") + ": no such file");
        assertThatThrownBy(() -> CertificateSources.load(tls(pair(dir.resolve("cert.pem"), dir.resolve("other.key")))))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage(dir.resolve("cert.pem") + ": the private key does not match the certificate (CN=site.test)");
        assertThatThrownBy(() -> CertificateSources.load(tls(pair(dir.resolve("cert.pem"), null))))
                .hasMessageContaining("cert.pem: holds no private key, and there is no cert.pem.key beside it");
        assertThatThrownBy(() -> CertificateSources.load(tls(pair(dir.resolve("junk.pem"), null))))
                .hasMessageStartingWith(dir.resolve("junk.pem") + ": ");
        assertThatThrownBy(() -> PemFile.read(dir.resolve("encrypted.key")))
                .hasMessageContaining("the private key is encrypted");
        assertThatThrownBy(() -> CertificateSources.load(tls(directory(dir.resolve("nowhere")))))
                .hasMessage(dir.resolve("nowhere") + ": no such directory");
        Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> CertificateSources.load(tls(directory(dir.resolve("empty")))))
                .hasMessage(dir.resolve("empty") + ": holds no certificate file");
        assertThatThrownBy(() -> CertificateSources.clientCas(new ClientAuthConfig(dir.resolve("other.key").toString(),
                ClientAuthConfig.Mode.REQUIRED))).hasMessage(dir.resolve("other.key") + ": holds no CA certificate");
    }

    @Test
    void theDigestChangesWhenAFileOrTheDirectoryListingDoes() throws Exception {
        TestPki.writeBundle(dir.resolve("a.pem"), pki.leaf(EC, pki.root(), "a.test"), PKCS8);
        TlsConfig config = tls(directory(dir));
        String first = CertificateSources.digest(config);

        assertThat(CertificateSources.digest(config)).isEqualTo(first);
        TestPki.writeBundle(dir.resolve("a.pem"), pki.leaf(EC, pki.root(), "a.test"), PKCS8);
        String second = CertificateSources.digest(config);
        assertThat(second).isNotEqualTo(first);
        Files.writeString(dir.resolve("b.pem"), "");
        assertThat(CertificateSources.digest(config)).isNotEqualTo(second);
    }

    @Test
    void selfSignedNamesAreTheRoutesHostsAndLocalhost() throws Exception {
        ServerCertificate certificate = new SelfSignedCertificates(java.time.Clock.systemUTC())
                .generate(List.of("app.test", "*.apps.test", "localhost"));

        assertThat(certificate.names()).containsExactly("app.test", "*.apps.test", "localhost");
        assertThat(certificate.subject()).isEqualTo("app.test");
        X509Certificate leaf = certificate.leaf();
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList()).contains("127.0.0.1");
        assertThat(Duration.between(java.time.Instant.now(), certificate.notAfter()).toDays()).isBetween(363L, 365L);
    }
}
