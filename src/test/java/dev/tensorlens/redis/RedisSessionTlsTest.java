package dev.tensorlens.redis;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS against a real server with a certificate made for the test by {@code openssl}: a private CA, and a
 * server certificate for 127.0.0.1 signed by it. Skipped where openssl is missing or the redis-server binary
 * was built without TLS.
 */
class RedisSessionTlsTest {

    static Path dir;
    static RedisProcess server;
    static int tlsPort;

    @BeforeAll
    static void startTlsServer() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/redis-servers")), "tls-").toAbsolutePath();
        assumeTrue(run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=Tensorlens test CA", "-keyout", "ca.key", "-out", "ca.pem"), "openssl available");
        assumeTrue(run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr"));
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        assumeTrue(run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tlsPort = s.getLocalPort();
        }
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        try {
            server = RedisProcess.start(binary, dir, List.of("--tls-port", Integer.toString(tlsPort),
                    "--tls-cert-file", dir.resolve("server.pem").toString(),
                    "--tls-key-file", dir.resolve("server.key").toString(),
                    "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
                    "--tls-auth-clients", "no"));
        } catch (IOException e) {
            assumeTrue(false, "redis-server without TLS support: " + e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ConnectionProfile.Builder tls() {
        return ConnectionProfile.builder().host("127.0.0.1").port(tlsPort).tls(true).commandTimeoutMillis(5000);
    }

    @Test
    void connectsWhenTheCertificateIsTrustedThroughTheCaFile() {
        ConnectionProfile verified = tls().caFile(dir.resolve("ca.pem").toString()).verifyPeer(true).build();

        try (RedisSession s = RedisSession.open(verified).join()) {
            assertThat(s.read("PING", c -> c.ping()).join()).isEqualTo("PONG");
        }
    }

    @Test
    void unknownCertificateIsRefusedWithTheReason() {
        ConnectionProfile untrusted = tls().verifyPeer(true).build();

        assertThatThrownBy(() -> RedisSession.open(untrusted).join()).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessage("Connecting to 127.0.0.1:" + tlsPort + " failed: the TLS handshake failed: the server's "
                        + "certificate is not signed by a trusted CA (give the CA file, or untick \"verify\").");
    }

    @Test
    void verifyPeerOffAcceptsAnyCertificate() {
        try (RedisSession s = RedisSession.open(tls().verifyPeer(false).build()).join()) {
            assertThat(s.read("PING", c -> c.ping()).join()).isEqualTo("PONG");
        }
    }

    @Test
    void plainTextToATlsPortFailsInsteadOfHanging() {
        ConnectionProfile plain = tls().tls(false).commandTimeoutMillis(2000).build();

        assertThatThrownBy(() -> RedisSession.open(plain).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(RedisOperationException.class)
                .hasMessage("Connecting to 127.0.0.1:" + tlsPort + " failed: the server closed the connection before "
                        + "Redis answered. If the server expects TLS, tick \"Use TLS\".");
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
