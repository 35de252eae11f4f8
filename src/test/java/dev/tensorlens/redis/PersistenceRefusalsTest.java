package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers that refuse: writes stopped after a failed snapshot ({@code MISCONF}), an ACL user without {@code BGSAVE}
 * or {@code CONFIG} ({@code NOPERM}), and a managed-service-like server whose {@code CONFIG} is renamed away. Each
 * refusal reaches the user as a sentence with the server's own words in it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceRefusalsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** As ElastiCache and others: CONFIG does not exist for clients. */
    @RegisterExtension
    static final RedisServerExtension managed = new RedisServerExtension("--rename-command", "CONFIG", "");

    static final Duration WAIT = Duration.ofSeconds(30);

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void afterAFailedSnapshotWritesAreRefusedAndTheReasonIsExplained() throws Exception {
        RedisSession session = redis.session();
        PersistenceService persistence = new PersistenceService(session);
        SetMembership sets = new SetMembership(session);
        // a folder where the snapshot file should go: the child's final rename fails, as on a full or read-only disk
        Path blocker = Files.createDirectories(redis.dir().resolve("dump.rdb"));
        try {
            await(persistence.setSaveSchedule("3600 1")); // stop-writes-on-bgsave-error needs a schedule to apply
            redis.sync().set("k", "v");

            BackgroundJob job = await(persistence.bgsave());
            assertThatThrownBy(() -> await(persistence.awaitBackgroundSaveDone(job, WAIT))).cause()
                    .isInstanceOf(RedisOperationException.class)
                    .hasMessageStartingWith("The snapshot on " + session.profile().target() + " failed: the server "
                            + "reports rdb_last_bgsave_status:err.");
            assertThat(await(persistence.status()).get(0).snapshots().lastFailed()).isTrue();

            assertThatThrownBy(() -> await(sets.add(b("train"), List.of(b("id:1"))))).cause()
                    .isInstanceOf(RedisOperationException.class)
                    .hasMessageStartingWith("SADD failed: the server refuses every write because its last snapshot "
                            + "(RDB save) failed and it is set to stop writes when that happens "
                            + "(stop-writes-on-bgsave-error)")
                    .hasMessageContaining("the server replied \"MISCONF");
            assertThatThrownBy(() -> await(persistence.save())).cause()
                    .hasMessage("SAVE failed: the server could not write the snapshot file; its log says why (often a "
                            + "full disk, or a folder it may not write to); the server replied \"ERR\".");
        } finally {
            Files.delete(blocker);
        }
        await(persistence.awaitBackgroundSaveDone(await(persistence.bgsave()), WAIT));
        assertThat(await(sets.add(b("train"), List.of(b("id:1")))).changed()).as("writes go through again").isEqualTo(1);
        await(persistence.setSaveSchedule(""));
    }

    @Test
    void anAclUserWithoutBgsaveOrConfigIsToldWhatIsMissing() throws Exception {
        // +@all but BGSAVE and CONFIG (Redis 6.2 can only take away whole commands)
        redis.sync().aclSetuser("analyst", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCommand(CommandType.BGSAVE).removeCommand(CommandType.CONFIG));
        ConnectionProfile analyst = redis.profile().toBuilder().username("analyst").password("pw").build();
        try (RedisSession s = RedisSession.open(analyst).get(10, TimeUnit.SECONDS)) {
            PersistenceService persistence = new PersistenceService(s);

            PersistenceStatus status = await(persistence.status()).get(0);
            assertThat(status.snapshots().lastStatus()).as("INFO and LASTSAVE still answer").isEqualTo("ok");
            assertThat(status.settings().known()).isFalse();
            assertThat(status.settings().dir()).isNull();
            assertThat(status.settings().unavailableReason())
                    .startsWith("The persistence settings (save schedule, folder, file names, fsync policy) are "
                            + "unknown: CONFIG GET ")
                    .contains("failed: the ACL user this connection signs in as may not run CONFIG")
                    .contains("the server replied \"NOPERM");

            assertThatThrownBy(() -> await(persistence.bgsave())).cause().isInstanceOf(RedisOperationException.class)
                    .hasMessageStartingWith("BGSAVE failed: the ACL user this connection signs in as may not run "
                            + "BGSAVE; an administrator can allow it with ACL SETUSER <user> +bgsave; the server "
                            + "replied \"NOPERM");
            String configSet = redis.binary().versionNumber() >= 700 ? "CONFIG SET; an administrator can allow it with "
                    + "ACL SETUSER <user> +config|set;" : "CONFIG; an administrator can allow it with ACL SETUSER "
                    + "<user> +config;";
            assertThatThrownBy(() -> await(persistence.setSaveSchedule("3600 1"))).cause()
                    .hasMessageStartingWith("CONFIG SET save failed: the ACL user this connection signs in as may not "
                            + "run " + configSet);
        }
        assertThat(redis.sync().configGet("save")).containsEntry("save", "");
    }

    @Test
    void aServerWithoutConfigStillHasAStatusAndRefusesSettingsInWords() throws Exception {
        PersistenceService persistence = new PersistenceService(managed.session());

        PersistenceStatus status = await(persistence.status()).get(0);

        assertThat(status.snapshots().lastSave()).isNotNull();
        assertThat(status.appendOnlyFile().enabled()).isFalse();
        assertThat(status.settings().known()).isFalse();
        assertThat(status.settings().unavailableReason()).contains("this server does not offer the CONFIG command: "
                + "managed services (ElastiCache, Memorystore, Azure Cache and others) disable or rename it")
                .contains("unknown command");
        for (CompletableFuture<?> attempt : List.of(persistence.setAppendOnly(true), persistence.rewriteConfig(),
                persistence.setSaveSchedule("60 1"))) {
            assertThatThrownBy(() -> await(attempt)).cause().isInstanceOf(RedisOperationException.class)
                    .hasMessageContaining("failed: this server does not offer the CONFIG command")
                    .hasMessageContaining("the server replied \"ERR unknown command");
        }
        assertThat(await(persistence.save())).as("the rest works").containsValue("OK");
    }
}
