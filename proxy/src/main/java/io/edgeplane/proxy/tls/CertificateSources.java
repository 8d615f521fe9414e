package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.CertificateConfig;
import io.edgeplane.config.proxy.ClientAuthConfig;
import io.edgeplane.config.proxy.TlsConfig;
import io.edgeplane.config.proxy.UpstreamTlsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the files a {@code tls:} section names: certificate directories (HAProxy's {@code crt /dir/}),
 * {@code {cert, key}} pairs and CA files (a listener's client CAs, an upstream's CAs and client certificate). In a directory every regular file is one PEM bundle, in
 * name order, except hidden files and those HAProxy also skips ({@code .key .ocsp .issuer .sctl}); a bundle
 * without its key takes it from {@code NAME.key} beside it (HAProxy's {@code site.pem.key}), else from the
 * same name with {@code .key} for its extension ({@code site.key}).
 */
final class CertificateSources {

    static final String SELF_SIGNED = "self-signed";
    private static final Set<String> SKIPPED = Set.of("key", "ocsp", "issuer", "sctl");

    private CertificateSources() {
    }

    /** Every certificate the files give, in the order written: the first is the default. */
    static List<ServerCertificate> load(TlsConfig config) throws TlsSetupException {
        List<ServerCertificate> certificates = new ArrayList<>();
        for (CertificateConfig source : config.certificates()) {
            if (source.directory().isPresent()) {
                Path directory = Path.of(source.directory().get());
                List<Path> bundles = bundles(directory);
                if (bundles.isEmpty()) {
                    throw new TlsSetupException(directory + ": holds no certificate file");
                }
                for (Path bundle : bundles) {
                    certificates.add(pair(bundle, Optional.empty()));
                }
            } else {
                certificates.add(certificate(source));
            }
        }
        return certificates;
    }

    /** The certificate and key of a {@code {cert, key}} entry (the key in the cert's file, or beside it, when not named). */
    static ServerCertificate certificate(CertificateConfig source) throws TlsSetupException {
        return pair(Path.of(source.cert().orElseThrow(() -> new IllegalArgumentException("not a {cert, key} entry: " + source))),
                source.key().map(Path::of));
    }

    /** The CA certificates of {@code client_auth}. */
    static List<X509Certificate> clientCas(ClientAuthConfig clientAuth) throws TlsSetupException {
        return cas(Path.of(clientAuth.ca()));
    }

    /** The CA certificates in a PEM file. */
    static List<X509Certificate> cas(Path file) throws TlsSetupException {
        PemFile pem = PemFile.read(file);
        if (pem.certificates().isEmpty()) {
            throw new TlsSetupException(file + ": holds no CA certificate");
        }
        return pem.certificates();
    }

    private static ServerCertificate pair(Path certFile, Optional<Path> keyFile) throws TlsSetupException {
        PemFile bundle = PemFile.read(certFile);
        if (bundle.certificates().isEmpty()) {
            throw new TlsSetupException(certFile + ": holds no certificate");
        }
        var key = bundle.key();
        if (keyFile.isPresent()) {
            key = PemFile.read(keyFile.get()).key();
            if (key.isEmpty()) {
                throw new TlsSetupException(keyFile.get() + ": holds no private key");
            }
        } else if (key.isEmpty()) {
            Optional<Path> beside = keyBeside(certFile);
            if (beside.isEmpty()) {
                throw new TlsSetupException(certFile + ": holds no private key, and there is no " + certFile.getFileName()
                        + ".key beside it");
            }
            key = PemFile.read(beside.get()).key();
            if (key.isEmpty()) {
                throw new TlsSetupException(beside.get() + ": holds no private key");
            }
        }
        return ServerCertificate.assemble(certFile.toString(), bundle.certificates(), key.get());
    }

    private static Optional<Path> keyBeside(Path certFile) {
        String name = certFile.getFileName().toString();
        Path appended = certFile.resolveSibling(name + ".key");
        if (Files.isRegularFile(appended)) {
            return Optional.of(appended);
        }
        int dot = name.lastIndexOf('.');
        Path replaced = certFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".key");
        return Files.isRegularFile(replaced) ? Optional.of(replaced) : Optional.empty();
    }

    private static List<Path> bundles(Path directory) throws TlsSetupException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(CertificateSources::isBundle).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(directory + ": no such directory");
        } catch (NotDirectoryException e) {
            throw new TlsSetupException(directory + ": not a directory");
        } catch (IOException e) {
            throw new TlsSetupException(directory + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean isBundle(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        return !name.startsWith(".") && !SKIPPED.contains(extension) && Files.isRegularFile(file);
    }

    /**
     * A digest of every file {@code config} reads now (names, and contents), and of each directory's listing:
     * when it changes, something must be loaded again. Never fails: a missing or unreadable file is part of the
     * digest as such, and loading will say what is wrong with it.
     */
    static String digest(TlsConfig config) {
        List<Path> files = new ArrayList<>();
        for (CertificateConfig source : config.certificates()) {
            if (source.directory().isPresent() && !source.selfSigned()) {
                Path directory = Path.of(source.directory().get());
                try (Stream<Path> listing = Files.list(directory)) {
                    listing.sorted().forEach(files::add);
                } catch (IOException e) {
                    files.add(directory);
                }
            }
            files.addAll(pairFiles(source));
        }
        config.clientAuth().map(ca -> Path.of(ca.ca())).ifPresent(files::add);
        return digest(files);
    }

    /** The same for an upstream's {@code tls:}: its CA file and its client certificate's files. */
    static String digest(UpstreamTlsConfig config) {
        List<Path> files = new ArrayList<>();
        config.ca().map(Path::of).ifPresent(files::add);
        config.certificate().ifPresent(source -> files.addAll(pairFiles(source)));
        return digest(files);
    }

    /** The files a {@code {cert, key}} entry may be read from. */
    private static List<Path> pairFiles(CertificateConfig source) {
        List<Path> files = new ArrayList<>();
        source.cert().map(Path::of).ifPresent(files::add);
        source.key().map(Path::of).ifPresent(files::add);
        if (source.cert().isPresent() && source.key().isEmpty()) {
            // The key may be beside the bundle; either place counts, whether the file is there yet or not.
            Path cert = Path.of(source.cert().get());
            String name = cert.getFileName().toString();
            int dot = name.lastIndexOf('.');
            files.add(cert.resolveSibling(name + ".key"));
            files.add(cert.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".key"));
        }
        return files;
    }

    private static String digest(List<Path> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Path file : files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try {
                digest.update(Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[] {1});
            } catch (IOException e) {
                digest.update((byte) 2);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
