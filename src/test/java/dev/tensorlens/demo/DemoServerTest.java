package dev.tensorlens.demo;

import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfoService;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DemoServerTest {

    static final Path BINARY_CACHE = Path.of("target/redis-bin");

    @Test
    void startsFillsAndLeavesNothingBehind() throws Exception {
        DemoServer demo = DemoServer.start(BINARY_CACHE);
        Path dir = demo.dir();
        int port = demo.port();
        try (RedisSession session = RedisSession.open(demo.profile()).join()) {
            assertThat(demo.uri()).isEqualTo("redis://127.0.0.1:" + port);

            assertThat(DemoSeeder.seed(session).join()).isEqualTo(DemoSeeder.KEYS.size());
            assertThat(DemoSeeder.seed(session).join()).as("seeding twice").isEqualTo(DemoSeeder.KEYS.size());

            assertThat(new ServerInfoService(session).dbSize().join()).isEqualTo(DemoSeeder.KEYS.size());
            ValueReader reader = new ValueReader(session);
            assertThat(reader.describe("cache:digits:recent-batches".getBytes()).join().size())
                    .as("the same list, not one twice as long").isEqualTo(3);
            assertThat(reader.describe("dataset:digits:train".getBytes()).join().size()).isEqualTo(2000);
        } finally {
            demo.close();
        }

        assertThat(demo.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
        RedisServerExtension.assertNothingListensOn(port);
    }

    @Test
    void embeddedBinaryIsThereForThisMachine() {
        String name = RedisBinary.embeddedResourceName();

        assertThat(name).isNotNull();
        assertThat(RedisBinary.class.getResource("/" + name)).as("shipped in embedded-redis").isNotNull();
    }

    @Test
    void aDemoLeftBehindByAKilledAppIsRemovedByTheNextOne() throws Exception {
        // A demo server whose owner is a process that no longer exists, as after kill -9 of the app.
        Process owner = new ProcessBuilder("true").start();
        owner.waitFor();
        DemoServer orphan = DemoServer.start(BINARY_CACHE);
        Files.writeString(orphan.dir().resolve("owner.pid"), Long.toString(owner.pid()));
        long orphanServerPid = Long.parseLong(Files.readString(orphan.dir().resolve("server.pid")));

        try (DemoServer next = DemoServer.start(BINARY_CACHE)) {
            assertThat(orphan.dir()).doesNotExist();
            Eventually.within(Duration.ofSeconds(5), "orphan server stopped",
                    () -> ProcessHandle.of(orphanServerPid).map(h -> !h.isAlive()).orElse(true));
            RedisServerExtension.assertNothingListensOn(orphan.port());
            assertThat(next.isRunning()).isTrue();
        } finally {
            orphan.close();
        }
    }

    @Test
    void goesAtOnceWhenTheAppOwningItIsKilled() throws Exception {
        Owner owner = Owner.start();

        owner.process.destroyForcibly();

        owner.assertServerGoneAndFolderLeftForTheNextStart();
    }

    @Test
    void goesAtOnceWhenTheAppOwningItEndsWithoutShutdownHooks() throws Exception {
        Owner owner = Owner.start();

        // Runtime.halt, as GTK's _exit(1) when the dashboard's X display goes away
        owner.process.getOutputStream().write("halt\n".getBytes(StandardCharsets.US_ASCII));
        owner.process.getOutputStream().flush();

        assertThat(owner.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(owner.process.exitValue()).isEqualTo(1);
        owner.assertServerGoneAndFolderLeftForTheNextStart();
    }

    /** A JVM of its own running {@link DemoServerOwner}, with the demo server it started. */
    private record Owner(Process process, ProcessHandle server, int port, Path dir) {

        static Owner start() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DemoServerOwner.class.getName(), BINARY_CACHE.toAbsolutePath().toString())
                    .redirectError(Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
                String[] parts = line.split(" ", 3);
                ProcessHandle server = ProcessHandle.of(Long.parseLong(parts[0])).orElseThrow();
                return new Owner(process, server, Integer.parseInt(parts[1]), Path.of(parts[2]));
            } catch (Exception | Error e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private static String readLine(BufferedReader in) {
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void assertServerGoneAndFolderLeftForTheNextStart() throws InterruptedException {
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Eventually.within(Duration.ofSeconds(5), "redis-server " + server.pid() + " gone with its owner",
                    () -> !server.isAlive());
            RedisServerExtension.assertNothingListensOn(port);

            assertThat(dir).as("no shutdown hook ran to remove it").exists();
            DemoServer.reapAbandoned();
            assertThat(dir).as("removed by the next start").doesNotExist();
        }
    }
}
