package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.proxy.MatchConfig;
import io.edgeplane.config.proxy.RouteConfig;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code tls: self-signed}: a certificate made at start for development, for the host names the listener's
 * routes match ({@code match.host}, wildcards included) and {@code localhost}, 127.0.0.1 and ::1. ECDSA
 * P-256, valid for a year from now. Clients must be told to trust it (curl {@code -k}), as with any such
 * certificate.
 */
public final class SelfSignedCertificates {

    static final Duration VALIDITY = Duration.ofDays(365);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SelfSignedCertificates(Clock clock) {
        this.clock = clock;
    }

    /** The names a self-signed certificate for {@code listener} is made for: its routes' hosts, then localhost. */
    public static List<String> namesFor(ListenerConfig listener) {
        Set<String> names = new LinkedHashSet<>();
        for (RouteConfig route : listener.routes()) {
            route.match().map(MatchConfig::host).ifPresent(names::addAll);
        }
        names.add("localhost");
        return List.copyOf(names);
    }

    /** A new key and certificate for {@code names} (the first is also its common name). */
    public ServerCertificate generate(List<String> names) throws TlsSetupException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "edgeplane self-signed").addRDN(BCStyle.CN, names.getFirst()).build();
            List<GeneralName> alternatives = new ArrayList<>();
            names.forEach(name -> alternatives.add(new GeneralName(GeneralName.dNSName, name)));
            alternatives.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            alternatives.add(new GeneralName(GeneralName.iPAddress, "::1"));
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return ServerCertificate.assemble(CertificateSources.SELF_SIGNED, List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new TlsSetupException("cannot make a self-signed certificate for " + names + ": " + e.getMessage(), e);
        }
    }
}
