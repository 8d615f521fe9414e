package io.edgeplane.proxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests, made with BouncyCastle in the test itself: a root CA, intermediates, leaves for
 * names (RSA 2048 or ECDSA P-256), client certificates, PEM files in every key format the proxy reads, and
 * JDK SSL contexts that trust them. No binary fixtures.
 */
public final class TestPki {

    /** Key types. */
    public enum KeyType { RSA, EC }

    /** Key file formats: PKCS#1 is RSA's traditional form, SEC1 EC's; PKCS#8 fits both. */
    public enum KeyFormat { TRADITIONAL, PKCS8 }

    /** A key and its certificate, with the chain above it (issuers, not the root). */
    public record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> issuers) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong serial = new AtomicLong(1000);
    private final Issued root;

    public TestPki(String rootName) throws Exception {
        KeyPair keys = keyPair(KeyType.EC);
        root = new Issued(keys, sign(rootName, keys, null, true, List.of(), Duration.ofDays(3650)), List.of());
    }

    public Issued root() {
        return root;
    }

    public KeyPair keyPair(KeyType type) throws GeneralSecurityException {
        if (type == KeyType.RSA) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** An intermediate CA under {@code issuer}. */
    public Issued intermediate(String name, Issued issuer) throws Exception {
        KeyPair keys = keyPair(KeyType.EC);
        return new Issued(keys, sign(name, keys, issuer, true, List.of(), Duration.ofDays(1000)), chainOf(issuer));
    }

    /**
     * A server or client certificate for {@code names} (the first is its CN), valid for {@code validity}. A name
     * that is an IP address goes into the certificate as an address, as a CA issues it.
     */
    public Issued leaf(KeyType type, Issued issuer, Duration validity, String... names) throws Exception {
        KeyPair keys = keyPair(type);
        return new Issued(keys, sign(names[0], keys, issuer, false, List.of(names), validity), chainOf(issuer));
    }

    /** A certificate for {@code names} that expired a day ago. */
    public Issued expiredLeaf(KeyType type, Issued issuer, String... names) throws Exception {
        return leaf(type, issuer, Duration.ofDays(-1), names);
    }

    public Issued leaf(KeyType type, Issued issuer, String... names) throws Exception {
        return leaf(type, issuer, Duration.ofDays(90), names);
    }

    private List<X509Certificate> chainOf(Issued issuer) {
        List<X509Certificate> chain = new ArrayList<>();
        if (issuer != root) {
            chain.add(issuer.certificate());
            chain.addAll(issuer.issuers());
        }
        return chain;
    }

    private X509Certificate sign(String name, KeyPair keys, Issued issuer, boolean ca, List<String> names, Duration validity)
            throws Exception {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        X500Name issuerName = issuer == null ? subject : new X500Name(issuer.certificate().getSubjectX500Principal().getName());
        Instant notBefore = now.minus(Duration.ofHours(1)).plus(validity.isNegative() ? validity.minusDays(1) : Duration.ZERO);
        var builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(serial.incrementAndGet()),
                Date.from(notBefore), Date.from(now.plus(validity)), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.stream().map(n -> new GeneralName(
                            isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        }
        PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.key();
        String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** PEM text of certificates, in the order given. */
    public static String pem(List<X509Certificate> certificates) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return out.toString();
    }

    /**
     * PEM text of a private key: PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PARAMETERS} then
     * {@code EC PRIVATE KEY} with its curve and public key, as {@code openssl ecparam -genkey} writes) for
     * {@code TRADITIONAL}, else PKCS#8.
     */
    public static String pem(KeyPair keys, KeyFormat format) throws IOException {
        PrivateKey key = keys.getPrivate();
        if (format == KeyFormat.PKCS8) {
            return block("PRIVATE KEY", key.getEncoded());
        }
        if (key.getAlgorithm().equals("EC")) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            byte[] publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), new DERBitString(publicKey), curve);
            return block("EC PARAMETERS", curve.getEncoded()) + block("EC PRIVATE KEY", sec1.getEncoded());
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        }
        return out.toString();
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The leaf and its chain, leaf first. */
    public static List<X509Certificate> chain(Issued issued) {
        List<X509Certificate> chain = new ArrayList<>(List.of(issued.certificate()));
        chain.addAll(issued.issuers());
        return chain;
    }

    /** Writes a bundle (chain, then key) to {@code file}. */
    public static Path writeBundle(Path file, Issued issued, KeyFormat format) throws IOException {
        return write(file, pem(chain(issued)) + pem(issued.keys(), format));
    }

    /** Writes the chain to {@code certFile} and the key to {@code keyFile}. */
    public static void writePair(Path certFile, Path keyFile, Issued issued, KeyFormat format) throws IOException {
        write(certFile, pem(chain(issued)));
        write(keyFile, pem(issued.keys(), format));
    }

    /** Writes through a temporary file and a rename, as certbot and Kubernetes do: a reader never sees half a file. */
    public static Path write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        return Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A JDK client context that trusts this root, with {@code client} as its own certificate if given. */
    public SSLContext clientContext(Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.key(), new char[0], chain(client).toArray(X509Certificate[]::new));
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), random);
        return context;
    }
}
