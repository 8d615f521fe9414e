package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyFormat.TRADITIONAL;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static io.edgeplane.proxy.tls.TestPki.KeyType.RSA;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.interop.Interop;
import io.edgeplane.proxy.tls.TestPki;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners against the clients operators use: {@code openssl s_client} (protocols, cipher choice, session
 * tickets, SNI) and {@code curl}. CI installs both; on a laptop without them the tests skip.
 */
class TlsInteropTest {

    static TestPki pki;

    @TempDir
    static Path dir;

    private Path openssl;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki("Interop Root");
        TestPki.Issued intermediate = pki.intermediate("Interop Intermediate", pki.root());
        Path certs = Files.createDirectory(dir.resolve("certs"));
        TestPki.writeBundle(certs.resolve("0-default.pem"), pki.leaf(EC, intermediate, "default.test"), PKCS8);
        TestPki.writeBundle(certs.resolve("api.pem"), pki.leaf(EC, intermediate, "api.test"), TRADITIONAL);
        TestPki.writeBundle(certs.resolve("apps.pem"), pki.leaf(RSA, intermediate, "*.apps.test"), TRADITIONAL);
        TestPki.write(dir.resolve("root.pem"), TestPki.pem(List.of(pki.root().certificate())));
    }

    @BeforeEach
    void openssl() {
        openssl = Interop.requireProgram("openssl", "openssl");
    }

    private static String listener(String extra) {
        return """
                proxy:
                  listeners:
                    - name: secure
                      listen: [127.0.0.1:0]
                      tls: { certificates: %s%s }
                      limits: { header_timeout: 1s }
                      routes: [{ respond: { body: "$scheme $host\\n" } }]
                """.formatted(dir.resolve("certs"), extra);
    }

    /** Runs a program with no input for at most 15 s; its exit code and everything it printed. */
    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> command) throws Exception {
        Path output = Files.createTempFile(dir, "out", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(new File("/dev/null")).start();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 15 s");
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
    }

    private Run sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", dir.resolve("root.pem").toString()));
        command.addAll(List.of(options));
        return run(command);
    }

    @Test
    void onlyTls12AndUpAndTheSniNameChoosesTheCertificate() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness(listener(""))) {
            int port = URI.create(proxy.url(0)).getPort();

            Run old = sClient(port, "-servername", "api.test", "-tls1_1");
            assertThat(old.output()).doesNotContain("BEGIN CERTIFICATE").doesNotContain("Cipher is ECDHE");
            assertThat(old.exitCode()).isNotZero();

            Run api = sClient(port, "-servername", "api.test", "-tls1_2");
            assertThat(api.output()).contains("subject=CN = api.test", "Verify return code: 0 (ok)", "Protocol  : TLSv1.2");
            Run wildcard = sClient(port, "-servername", "x.apps.test");
            assertThat(wildcard.output()).contains("subject=CN = *.apps.test", "Verify return code: 0 (ok)", "TLSv1.3");
            assertThat(sClient(port, "-noservername").output()).contains("subject=CN = default.test");
        }
    }

    @Test
    void theConfiguredTls12CipherListIsHonoured() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness(listener(
                ", ciphers: [ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384, ECDHE-ECDSA-CHACHA20-POLY1305]"))) {
            int port = URI.create(proxy.url(0)).getPort();

            Run refused = sClient(port, "-servername", "api.test", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
            assertThat(refused.output()).doesNotContain("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
            assertThat(refused.exitCode()).isNotZero();
            Run chosen = sClient(port, "-servername", "api.test", "-tls1_2", "-cipher",
                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305");
            assertThat(chosen.output()).contains("Cipher is ECDHE-ECDSA-CHACHA20-POLY1305");
        }
    }

    @Test
    void sessionTicketsAreOffUnlessAskedFor() throws Exception {
        for (boolean tickets : new boolean[] {false, true}) {
            try (ProxyHarness proxy = new ProxyHarness(listener(", session_tickets: " + tickets))) {
                int port = URI.create(proxy.url(0)).getPort();
                for (String protocol : List.of("-tls1_2", "-tls1_3")) {
                    Path session = dir.resolve("session-" + tickets + protocol + ".pem");
                    // -ign_eof with no input waits for the server's close, so TLS 1.3's NewSessionTicket is read.
                    Run connected = sClient(port, "-servername", "api.test", protocol, "-sess_out", session.toString(), "-ign_eof");
                    assertThat(connected.output()).contains("Verify return code: 0 (ok)");
                    Run described = run(List.of(openssl.toString(), "sess_id", "-in", session.toString(), "-text", "-noout"));
                    if (tickets) {
                        assertThat(described.output()).as(protocol).contains("TLS session ticket:");
                    } else {
                        assertThat(described.output()).as(protocol).doesNotContain("TLS session ticket:");
                    }
                }
            }
        }
    }

    @Test
    void curlGetsHttpsThroughTheChain() throws Exception {
        Path curl = Interop.requireProgram("curl", "curl");
        try (ProxyHarness proxy = new ProxyHarness(listener(""))) {
            int port = URI.create(proxy.url(0)).getPort();

            Run fetched = run(List.of(curl.toString(), "-sS", "--max-time", "10", "--cacert", dir.resolve("root.pem").toString(),
                    "--resolve", "api.test:" + port + ":127.0.0.1", "https://api.test:" + port + "/"));

            assertThat(fetched.output()).isEqualTo("https api.test\n");
            assertThat(fetched.exitCode()).isZero();
        }
    }
}
