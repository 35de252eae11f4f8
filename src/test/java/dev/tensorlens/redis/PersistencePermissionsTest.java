package dev.tensorlens.redis;

import dev.tensorlens.redis.PersistencePermissions.Action;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@link PersistencePermissions} knows in advance, against real servers: the default user, a read-only profile,
 * ACL users without the persistence commands, without {@code ACL DRYRUN} or without only {@code CONFIG GET}, and a
 * server whose {@code CONFIG} is renamed away. Every case also checks from the server's side that no persistence
 * command ran to find out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistencePermissionsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** As ElastiCache and others: CONFIG does not exist for clients. */
    @RegisterExtension
    static final RedisServerExtension managed = new RedisServerExtension("--rename-command", "CONFIG", "");

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** {@code ACL SETUSER name on >pw ~* &* rules…}: rules as the server takes them, subcommands and all. */
    static void aclUser(String name, String... rules) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(name)
                .add("on").add(">pw").add("~*").add("&*");
        for (String rule : rules) {
            args.add(rule);
        }
        redis.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    }

    /** The refusals as a user signed in as {@code user} sees them, with what {@code status()} said first. */
    static Map<Action, String> refusalsAs(String user) throws Exception {
        ConnectionProfile profile = redis.profile().toBuilder().username(user).password("pw").build();
        try (RedisSession s = RedisSession.open(profile).get(10, TimeUnit.SECONDS)) {
            List<PersistenceStatus> status = await(new PersistenceService(s).status());
            return await(new PersistencePermissions(s).refusals(status));
        }
    }

    static void noPersistenceCommandRan(RedisServerExtension server) {
        assertThat(CommandStats.read(server.sync())).as("nothing is tried to find out")
                .doesNotContainKeys("bgsave", "save", "bgrewriteaof", "config|set", "config|rewrite");
    }

    static boolean hasDryRun() {
        return redis.binary().versionNumber() >= 700;
    }

    @Test
    void theDefaultUserMayDoEverything() throws Exception {
        redis.sync().configResetstat();
        RedisSession session = redis.session();

        Map<Action, String> refused = await(new PersistencePermissions(session)
                .refusals(await(new PersistenceService(session).status())));

        assertThat(refused).isEmpty();
        noPersistenceCommandRan(redis);
        if (hasDryRun()) {
            assertThat(CommandStats.calls(redis.sync(), "acl|dryrun")).as("the ACL was asked").isEqualTo(6);
        }
    }

    @Test
    void aReadOnlyProfileMayDoNothingAndTheServerIsNotAsked() throws Exception {
        ConnectionProfile readOnly = redis.profile().toBuilder().readOnly(true).name("prod mirror").build();
        try (RedisSession s = RedisSession.open(readOnly).get(10, TimeUnit.SECONDS)) {
            List<PersistenceStatus> status = await(new PersistenceService(s).status());
            redis.sync().configResetstat();

            Map<Action, String> refused = await(new PersistencePermissions(s).refusals(status));

            assertThat(refused).containsOnlyKeys(EnumSet.allOf(Action.class))
                    .allSatisfy((action, why) -> assertThat(why).isEqualTo("This profile is read-only."));
            assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("acl|whoami", "acl|dryrun");
        }
    }

    @Test
    void anAclUserWithoutThePersistenceCommandsIsToldWhichRuleWouldAllowEach() throws Exception {
        assumeTrue(hasDryRun(), "ACL DRYRUN arrived in Redis 7.0; on 6.2 nothing is known in advance");
        aclUser("analyst", "+@all", "-bgsave", "-config", "-save", "-bgrewriteaof");
        redis.sync().configResetstat();

        Map<Action, String> refused = refusalsAs("analyst");

        String rule = "; an administrator can allow it with ACL SETUSER analyst +";
        assertThat(refused).containsExactlyInAnyOrderEntriesOf(Map.of(
                Action.BGSAVE, "The ACL user analyst may not run BGSAVE" + rule + "bgsave.",
                Action.SAVE, "The ACL user analyst may not run SAVE" + rule + "save.",
                Action.BGREWRITEAOF, "The ACL user analyst may not run BGREWRITEAOF" + rule + "bgrewriteaof.",
                Action.APPENDONLY, "The ACL user analyst may not run CONFIG SET" + rule + "config|set.",
                Action.SAVE_SCHEDULE, "The ACL user analyst may not run CONFIG SET" + rule + "config|set.",
                Action.CONFIG_REWRITE, "The ACL user analyst may not run CONFIG REWRITE" + rule + "config|rewrite."));
        noPersistenceCommandRan(redis);
    }

    @Test
    void aUserWhoMayNotAskTheAclKnowsNothingInAdvance() throws Exception {
        // without BGSAVE too: a guess would show up as a refusal
        aclUser("noacl", "+@all", "-acl", "-bgsave");
        assertThat(refusalsAs("noacl")).isEmpty();
        if (hasDryRun()) { // Redis 6.2 has no ACL DRYRUN to take away
            aclUser("nodryrun", "+@all", "-acl|dryrun", "-bgsave");
            assertThat(refusalsAs("nodryrun")).isEmpty();
        }
    }

    @Test
    void aUserWhoMayNotReadTheSettingsButMaySetThemIsNotRefusedThem() throws Exception {
        assumeTrue(hasDryRun(), "ACL DRYRUN arrived in Redis 7.0");
        aclUser("setter", "+@all", "-config|get");

        assertThat(refusalsAs("setter")).as("the ACL's own answer wins over CONFIG GET's refusal").isEmpty();
    }

    @Test
    void aServerWithoutConfigRefusesTheSettingsWithTheReason() throws Exception {
        RedisSession session = managed.session();
        List<PersistenceStatus> status = await(new PersistenceService(session).status());

        Map<Action, String> refused = await(new PersistencePermissions(session).refusals(status));

        String reason = status.get(0).settings().unavailableReason();
        assertThat(reason).contains("this server does not offer the CONFIG command");
        assertThat(refused).containsExactlyInAnyOrderEntriesOf(Map.of(Action.APPENDONLY, reason,
                Action.SAVE_SCHEDULE, reason, Action.CONFIG_REWRITE, reason));
    }
}
