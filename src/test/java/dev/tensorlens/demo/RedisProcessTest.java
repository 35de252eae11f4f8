package dev.tensorlens.demo;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server behind the watchdog is still the one that is reported, stopped and killed. */
class RedisProcessTest {

    static final Path BINARY_CACHE = Path.of("target/redis-bin");

    @Test
    void killEndsTheServerItselfAndItStartsAgainOnTheSamePort() throws Exception {
        Path dir = newServerDir("kill");
        RedisProcess redis = RedisProcess.start(RedisBinary.locate(BINARY_CACHE), dir, List.of());
        try {
            ProcessHandle server = ProcessHandle.of(redis.pid()).orElseThrow();
            assertThat(server.info().command()).as("the server's own pid, not the watchdog's")
                    .hasValueSatisfying(c -> assertThat(c).contains("redis"));
            int port = redis.port();

            redis.kill();

            assertThat(server.isAlive()).isFalse();
            assertThat(redis.isRunning()).isFalse();
            RedisServerExtension.assertNothingListensOn(port);

            redis.startAgain();

            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.pid()).isNotEqualTo(server.pid());
            assertAnswers(port);
        } finally {
            redis.close();
        }
        assertNoProcessLeftFor(dir);
    }

    /**
     * On a machine without redis-server on PATH (a fresh CI machine) every test runs on the embedded 6.2, unpacked
     * into the relative folder target/redis-bin: the server, started in its own data folder, must still be found.
     */
    @Test
    void theEmbeddedServerUnpackedIntoARelativeFolderStartsAndAnswers() throws Exception {
        RedisBinary embedded = RedisBinary.embedded(BINARY_CACHE);
        assertThat(embedded.embedded()).isTrue();
        assertThat(embedded.path()).isAbsolute();
        Path dir = newServerDir("embedded");
        RedisProcess redis = RedisProcess.start(embedded, dir, List.of());
        try {
            assertThat(redis.isRunning()).isTrue();
            assertAnswers(redis.port());
        } finally {
            redis.close();
        }
        assertNoProcessLeftFor(dir);
    }

    @Test
    void stopEndsTheServerGracefullyAndLeavesNoProcessBehind() throws Exception {
        Path dir = newServerDir("stop");
        RedisProcess redis = RedisProcess.start(RedisBinary.locate(BINARY_CACHE), dir, List.of());
        ProcessHandle server = ProcessHandle.of(redis.pid()).orElseThrow();

        redis.stop();

        assertThat(server.isAlive()).isFalse();
        assertThat(Files.readString(dir.resolve("redis.log"))).as("SIGTERM reached redis-server: it shut down")
                .contains("bye bye");
        RedisServerExtension.assertNothingListensOn(redis.port());
        assertNoProcessLeftFor(dir);
        redis.close();
    }

    private static Path newServerDir(String name) throws IOException {
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        return Files.createTempDirectory(root, "RedisProcessTest-" + name + "-").toAbsolutePath();
    }

    private static void assertAnswers(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        }
    }

    /** Neither the server nor its watchdog (their command lines name the server's folder) is left. */
    private static void assertNoProcessLeftFor(Path dir) {
        Eventually.within(Duration.ofSeconds(5), "no process of this JVM left for " + dir,
                () -> ProcessHandle.current().descendants().noneMatch(h -> h.info().arguments()
                        .map(args -> String.join(" ", args).contains(dir.toString())).orElse(false)));
    }
}
