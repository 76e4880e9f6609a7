package io.sideline.ee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority and server certificates, made with openssl at test time in a
 * temporary directory (no certificate is committed), valid for one day.
 */
public final class TestCertificates implements AutoCloseable {

    public final Path dir;
    public final Path caCert;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
    }

    /** A new CA. */
    public static TestCertificates create() {
        try {
            TestCertificates certs = new TestCertificates(Files.createTempDirectory("sideline-test-tls"));
            certs.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=sideline test CA",
                    "-keyout", "ca.key", "-out", "ca.crt");
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server certificate ({@code name.crt}, {@code name.key}) signed by the CA for these subject alternative names. */
    public Path[] server(String name, String subjectAltNames) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltNames + "\n");
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key", "-out", name + ".csr");
            openssl("x509", "-req", "-days", "1", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-extfile", name + ".ext", "-out", name + ".crt");
            return new Path[]{dir.resolve(name + ".crt"), dir.resolve(name + ".key")};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate in a PKCS12 truststore with this password. */
    public Path pkcs12Truststore(String password) {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            Path file = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the directory, keys included. */
    @Override
    public void close() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the TLS tests make their certificates with openssl, which is not on PATH "
                    + "(Debian/Ubuntu: apt-get install -y openssl)", e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
