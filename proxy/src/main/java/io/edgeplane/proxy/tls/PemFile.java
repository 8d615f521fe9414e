package io.edgeplane.proxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * What one PEM file holds: certificates in the order written, and at most one private key, RSA or EC, in
 * PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}) form. The
 * JDK reads only PKCS#8, which is why BouncyCastle parses. Conversions go to the JDK's own providers, so no
 * provider is installed process-wide.
 *
 * @param path         the file, for messages
 * @param certificates the certificates, in file order
 * @param key          the private key, if the file has one
 */
public record PemFile(Path path, List<X509Certificate> certificates, Optional<PrivateKey> key) {

    public PemFile {
        Objects.requireNonNull(path, "path");
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(key, "key");
    }

    /** Reads and parses {@code path}. */
    public static PemFile read(Path path) throws TlsSetupException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(path + ": no such file");
        } catch (IOException e) {
            throw new TlsSetupException(path + ": cannot read: " + e.getMessage(), e);
        }
        return parse(path, text);
    }

    /** Parses PEM {@code text} read from {@code path}. */
    public static PemFile parse(Path path, String text) throws TlsSetupException {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        JcaX509CertificateConverter certificateConverter = new JcaX509CertificateConverter();
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        try (Reader reader = new StringReader(text); PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                PrivateKey found = switch (item) {
                    case X509CertificateHolder holder -> {
                        certificates.add(certificateConverter.getCertificate(holder));
                        yield null;
                    }
                    // From the private part alone: a SEC1 key may leave out its public key.
                    case PEMKeyPair pair -> keyConverter.getPrivateKey(pair.getPrivateKeyInfo());
                    case PrivateKeyInfo info -> keyConverter.getPrivateKey(info);
                    case PEMEncryptedKeyPair ignored -> throw encrypted(path);
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(path);
                    // "EC PARAMETERS", which `openssl ecparam -genkey` writes before the key: nothing to use.
                    case ASN1ObjectIdentifier ignored -> null;
                    default -> throw new TlsSetupException(path + ": holds a PEM block edgeplane does not use ("
                            + item.getClass().getSimpleName() + ")");
                };
                if (found != null) {
                    if (key != null) {
                        throw new TlsSetupException(path + ": holds more than one private key");
                    }
                    key = found;
                }
            }
        } catch (PEMException e) {
            throw new TlsSetupException(path + ": not a valid PEM file or key: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new TlsSetupException(path + ": holds a certificate that cannot be read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsSetupException(path + ": not a valid PEM file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty() && key == null) {
            throw new TlsSetupException(path + ": holds no PEM certificate or key");
        }
        return new PemFile(path, certificates, Optional.ofNullable(key));
    }

    private static TlsSetupException encrypted(Path path) {
        return new TlsSetupException(path + ": the private key is encrypted; edgeplane reads unencrypted keys"
                + " (decrypt it with: openssl pkey -in KEY -out KEY.plain)");
    }
}
