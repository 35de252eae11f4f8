package dev.tensorlens.demo;

import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfoService;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

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
        java.nio.file.Files.writeString(orphan.dir().resolve("owner.pid"), Long.toString(owner.pid()));
        long orphanServerPid = Long.parseLong(java.nio.file.Files.readString(orphan.dir().resolve("server.pid")));

        try (DemoServer next = DemoServer.start(BINARY_CACHE)) {
            assertThat(orphan.dir()).doesNotExist();
            dev.tensorlens.support.Eventually.within(java.time.Duration.ofSeconds(5), "orphan server stopped",
                    () -> ProcessHandle.of(orphanServerPid).map(h -> !h.isAlive()).orElse(true));
            assertThat(next.isRunning()).isTrue();
        } finally {
            orphan.close();
        }
    }
}
