package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server with a password and an ACL user, as production servers have. */
class RedisSessionAuthTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension("--requirepass", "s3cret");

    @BeforeAll
    static void createReadOnlyAclUser() {
        RedisClient client = RedisClient.create("redis://s3cret@127.0.0.1:" + redis.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().aclSetuser("analyst", AclSetuserArgs.Builder
                    .on().addPassword("pw").allKeys().addCommand(CommandType.GET)
                    .addCommand(CommandType.PING));
            c.sync().set("weights", "w");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void missingPasswordIsReportedInTheServersWords() {
        assertThatThrownBy(() -> RedisSession.open(redis.profile()).join()).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageContaining("NOAUTH");
    }

    @Test
    void wrongPasswordIsReportedInTheServersWords() {
        ConnectionProfile wrong = redis.profile().withPassword("guess");

        assertThatThrownBy(() -> RedisSession.open(wrong).join()).cause()
                .hasMessageContaining("WRONGPASS");
    }

    @Test
    void rightPasswordConnects() {
        try (RedisSession s = RedisSession.open(redis.profile().withPassword("s3cret")).join()) {
            assertThat(s.read("GET", c -> c.get("weights".getBytes())).join()).isEqualTo("w".getBytes());
        }
    }

    @Test
    void aclUserGetsTheServersPermissionMessage() {
        ConnectionProfile analyst = redis.profile().toBuilder().username("analyst").password("pw").build();
        try (RedisSession s = RedisSession.open(analyst).join()) {
            assertThat(s.read("GET", c -> c.get("weights".getBytes())).join()).isEqualTo("w".getBytes());

            assertThatThrownBy(() -> s.write("DEL weights", c -> c.del("weights".getBytes())).join()).cause()
                    .hasMessageStartingWith("DEL weights failed: the ACL user this connection signs in as may not run "
                            + "DEL; an administrator can allow it with ACL SETUSER <user> +del; the server replied \"NOPERM");
        }
        try (RedisSession admin = RedisSession.open(redis.profile().withPassword("s3cret")).join()) {
            assertThat(admin.read("EXISTS", c -> c.exists("weights".getBytes())).join()).isEqualTo(1);
        }
    }
}
