package io.edgeplane.proxy.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * One certificate with its key: one a listener serves, with the names SNI picks it by, or the client
 * certificate an upstream pool shows to servers that ask for one. Its chain runs leaf first, then each issuer.
 *
 * @param source  where it came from (a file, or "self-signed"), for logs
 * @param key     the private key
 * @param chain   leaf first
 * @param names   DNS names of the leaf, lower case; {@code *.example.com} for wildcards
 * @param subject the leaf's common name, or its whole subject when it has none (the metric label)
 */
public record ServerCertificate(String source, PrivateKey key, List<X509Certificate> chain, List<String> names, String subject) {

    private static final int DNS_NAME = 2;
    private static final byte[] PROBE = "edgeplane: does this key sign for this certificate?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public ServerCertificate {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        names = List.copyOf(names);
        Objects.requireNonNull(subject, "subject");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs its leaf");
        }
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** When the leaf expires. */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /**
     * The certificate of {@code key} among {@code certificates}, followed by its issuers in order; the others
     * (a cross-signed root, say) come last. Fails when no certificate belongs to the key.
     */
    public static ServerCertificate assemble(String source, List<X509Certificate> certificates, PrivateKey key)
            throws TlsSetupException {
        if (certificates.isEmpty()) {
            throw new TlsSetupException(source + ": holds no certificate");
        }
        X509Certificate leaf = null;
        for (X509Certificate certificate : certificates) {
            if (signsFor(key, certificate.getPublicKey())) {
                leaf = certificate;
                break;
            }
        }
        if (leaf == null) {
            throw new TlsSetupException(source + ": the private key does not match the certificate ("
                    + certificates.getFirst().getSubjectX500Principal().getName() + ")");
        }
        List<X509Certificate> rest = new ArrayList<>(certificates);
        rest.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : rest) {
                if (candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            rest.remove(issuer);
            chain.add(issuer);
            current = issuer;
        }
        chain.addAll(rest);
        return new ServerCertificate(source, key, chain, namesOf(leaf), subjectOf(leaf));
    }

    /** Whether {@code key} makes signatures that {@code publicKey} verifies: the one test that fits every key type. */
    private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws TlsSetupException {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new TlsSetupException("a " + key.getAlgorithm() + " key is not supported; use RSA or ECDSA");
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The leaf's DNS subject alternative names, or its common name when it has none (as old clients did). */
    static List<String> namesOf(X509Certificate leaf) throws TlsSetupException {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(DNS_NAME).equals(alternative.get(0))) {
                        names.add(alternative.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new TlsSetupException("cannot read the names of " + leaf.getSubjectX500Principal().getName() + ": "
                    + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            commonName(leaf).ifPresent(cn -> names.add(cn.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(names);
    }

    private static String subjectOf(X509Certificate leaf) {
        return commonName(leaf).orElse(leaf.getSubjectX500Principal().getName());
    }

    private static java.util.Optional<String> commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return java.util.Optional.of(rdns.get(i).getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        // Never the key.
        return "ServerCertificate[" + source + ", " + subject + ", " + names + "]";
    }
}
