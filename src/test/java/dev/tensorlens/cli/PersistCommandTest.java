package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.cli.CommandTestSupport.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tensorlens persist} against real servers in temporary folders, started without persistence so that every
 * snapshot is one the command made: the status as text and as JSON; a snapshot made with {@code bgsave --wait}, and
 * the AOF turned on with {@code aof on --wait}, each surviving a SIGKILL; a second {@code bgsave} while one runs; an
 * ACL user without {@code BGSAVE}; {@code save}'s warning; a wrong action.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistCommandTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    /**
     * Started with AOF on (and fsync always, so a SIGKILL right after a write loses none): a restart reuses the startup
     * options, so only a server started with AOF on loads its AOF. The test turns it off and on again through the
     * command; had {@code aof on} done nothing, the restart would load the AOF from before, without the new keys.
     */
    @RegisterExtension
    static final RedisServerExtension aofServer = new RedisServerExtension("--appendonly", "yes",
            "--appendfsync", "always");

    static final Duration WAIT = Duration.ofSeconds(30);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return CommandTestSupport.run(out, err, args);
    }

    static String target(RedisServerExtension server) {
        return "127.0.0.1:" + server.port();
    }

    static void writeKeys(RedisServerExtension server, String prefix, int n) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(prefix + i, "v" + i);
        }
        server.sync().mset(values);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
    }

    @AfterEach
    void noChildLeftRunning() {
        redis.sync().configSet("rdb-key-save-delay", "0");
        Eventually.within(WAIT, "no child process left running", () -> {
            String info = redis.sync().info("persistence");
            return info.contains("rdb_bgsave_in_progress:0") && info.contains("aof_rewrite_in_progress:0");
        });
    }

    @Test
    void statusAsTextSaysWhatACrashWouldCostAndWhatTheServerReports() {
        writeKeys(redis, "k", 3);

        assertThat(run("persist", "status", "--uri", redis.uri())).as(err.toString()).isZero();

        String text = out.toString();
        assertThat(text).startsWith(target(redis) + "  DANGER\n  Nothing is saved: no snapshot schedule and AOF off — "
                + "a restart loses everything written since ");
        assertThat(text).containsPattern("\n  Last save +\\S.* ago\\)\n")
                .containsPattern("\n  Changes since +[0-9,]+\n")
                .contains("\n  Background save  not running; last one ok")
                .contains("\n  AOF              off; last rewrite ok\n")
                .contains("\n  Save schedule    never (snapshots only on request)\n")
                .contains("\n  dir              " + redis.dir().toAbsolutePath() + "\n")
                .contains("\n  dbfilename       dump.rdb\n")
                .contains("\n  appendfsync      everysec\n");
    }

    @Test
    void statusAsJsonHasTheStableFields() throws Exception {
        writeKeys(redis, "k", 3);

        assertThat(run("persist", "--json", "--uri", redis.uri(), "status")).as(err.toString()).isZero();

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(names(root)).containsExactly("masters");
        assertThat(root.get("masters")).hasSize(1);
        JsonNode m = root.get("masters").get(0);
        assertThat(names(m)).containsExactlyInAnyOrder("server", "verdict", "level", "lastSave",
                "changesSinceLastSave", "bgsaveInProgress", "lastBgsaveStatus", "aofEnabled", "aofRewriteInProgress",
                "aofSize", "save", "dir", "dbfilename", "appendfsync");
        assertThat(m.get("server").asText()).isEqualTo(target(redis));
        assertThat(m.get("level").asText()).isEqualTo("DANGER");
        assertThat(m.get("verdict").asText()).startsWith("Nothing is saved");
        assertThat(Instant.parse(m.get("lastSave").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(m.get("changesSinceLastSave").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(m.get("bgsaveInProgress").asBoolean()).isFalse();
        assertThat(m.get("lastBgsaveStatus").asText()).isEqualTo("ok");
        assertThat(m.get("aofEnabled").asBoolean()).isFalse();
        assertThat(m.get("aofRewriteInProgress").asBoolean()).isFalse();
        assertThat(m.get("aofSize").isNull()).as("no AOF, no size").isTrue();
        assertThat(m.get("save").asText()).isEmpty();
        assertThat(m.get("dir").asText()).isEqualTo(redis.dir().toAbsolutePath().toString());
        assertThat(m.get("dbfilename").asText()).isEqualTo("dump.rdb");
        assertThat(m.get("appendfsync").asText()).isEqualTo("everysec");
    }

    @Test
    void aSnapshotMadeWithBgsaveWaitSurvivesAKill() {
        writeKeys(redis, "weights:", 1000);

        assertThat(run("persist", "bgsave", "--wait", "--uri", redis.uri())).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("Background save started on " + target(redis) + " (the server said "
                + "\"Background saving started\").\nSnapshot written on " + target(redis) + "; LASTSAVE is now ");
        assertThat(redis.sync().info("persistence")).as("--wait returned once it was done")
                .contains("rdb_bgsave_in_progress:0", "rdb_changes_since_last_save:0");
        redis.sync().set("after-the-snapshot", "lost in the crash");

        redis.kill();
        redis.startAgain();

        assertThat(redis.sync().dbsize()).isEqualTo(1000);
        assertThat(redis.sync().get("weights:999")).isEqualTo("v999");
        assertThat(redis.sync().exists("after-the-snapshot")).as("only what the snapshot held").isZero();
    }

    @Test
    void writesAfterAofOnWaitSurviveAKill() {
        assertThat(run("persist", "aof", "off", "--wait", "--uri", aofServer.uri())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("AOF turned off on " + target(aofServer)).contains("AOF is off on ");
        writeKeys(aofServer, "before-snapshot:", 500);
        assertThat(run("persist", "bgsave", "--wait", "--uri", aofServer.uri())).as(err.toString()).isZero();

        assertThat(run("persist", "aof", "on", "--wait", "--uri", aofServer.uri())).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("AOF turned on on " + target(aofServer) + ": the server writes the whole "
                        + "data set to a new append-only file first (until it restarts: its config file is not changed).")
                .containsPattern("\nAppend-only file on " + target(aofServer) + " written: [1-9][0-9,]* bytes\\.\n");
        writeKeys(aofServer, "after-aof-on:", 500);
        aofServer.sync().del("before-snapshot:0");

        aofServer.kill();
        aofServer.startAgain();

        assertThat(aofServer.sync().dbsize()).isEqualTo(999);
        assertThat(aofServer.sync().get("after-aof-on:499")).isEqualTo("v499");
        assertThat(aofServer.sync().exists("before-snapshot:0")).as("the delete after the snapshot too").isZero();
    }

    @Test
    void aSecondBgsaveWhileOneRunsIsRefusedWithTheReason() {
        redis.populate(3000, "slow"); // DEBUG POPULATE
        redis.sync().configSet("rdb-key-save-delay", "1000"); // 1 ms a key, in the child: about 3 s
        assertThat(run("persist", "bgsave", "--uri", redis.uri())).as(err.toString()).isZero();
        assertThat(redis.sync().info("persistence")).contains("rdb_bgsave_in_progress:1");

        int exit = run("persist", "bgsave", "--wait", "--uri", redis.uri());

        assertThat(exit).isEqualTo(PersistCommand.EXIT_REFUSED_OR_FAILED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("tensorlens: BGSAVE failed: a snapshot (background save) is already "
                + "being written; wait for it to finish").contains("Background save already in progress");
    }

    @Test
    void anAclUserWithoutBgsaveGetsTheReasonAndANonZeroExit() {
        redis.sync().aclSetuser("nobgsave", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allChannels()
                .allCommands().removeCommand(CommandType.BGSAVE));
        String uri = "redis://nobgsave:pw@" + target(redis);

        assertThat(run("persist", "status", "--uri", uri)).as("reading is allowed: " + err).isZero();
        int exit = run("persist", "bgsave", "--uri", uri);

        assertThat(exit).isEqualTo(PersistCommand.EXIT_REFUSED_OR_FAILED);
        assertThat(err.toString()).startsWith("tensorlens: BGSAVE failed: the ACL user this connection signs in as may "
                + "not run BGSAVE; an administrator can allow it with ACL SETUSER <user> +bgsave; the server replied "
                + "\"NOPERM");
        assertThat(redis.sync().info("persistence")).contains("rdb_bgsave_in_progress:0");
    }

    @Test
    void saveWarnsThatItBlocksTheServerAndSaysWhenItSaved() {
        writeKeys(redis, "k", 5);

        assertThat(run("persist", "save", "--uri", redis.uri())).as(err.toString()).isZero();

        assertThat(err.toString()).startsWith("tensorlens: SAVE blocks the server");
        assertThat(out.toString()).startsWith("Snapshot written on " + target(redis) + "; LASTSAVE is now ");
        assertThat(redis.sync().info("persistence")).contains("rdb_changes_since_last_save:0");
    }

    @Test
    void anActionThatIsNoneIsAUsageError() {
        assertThat(run("persist", "aof", "maybe", "--uri", redis.uri())).isEqualTo(2);
        assertThat(err.toString()).contains("\"aof maybe\" is not an action: status, bgsave, save, bgrewriteaof, "
                + "aof on or aof off.");
    }
}
