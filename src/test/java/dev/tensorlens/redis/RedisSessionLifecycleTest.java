package dev.tensorlens.redis;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions given up half-way (cancelled opens and checks, pub/sub refused) leave nothing behind. */
class RedisSessionLifecycleTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void cancelledOpenClosesTheSessionWhenItArrives() {
        for (int i = 0; i < 5; i++) {
            RedisSession.open(redis.profile()).cancel(true);
        }

        Eventually.within(Duration.ofSeconds(10), "no app connections left", () -> redis.appConnections() == 0);
    }

    @Test
    void cancelledConnectionCheckClosesWhatItOpened() throws Exception {
        for (int i = 0; i < 5; i++) {
            CompletableFuture<ConnectionCheck.Result> check = ConnectionCheck.run(redis.profile());
            Thread.sleep(i * 10L); // cancel at different stages
            check.cancel(true);
        }
        ConnectionCheck.run(redis.profile()).get(10, TimeUnit.SECONDS);

        Eventually.within(Duration.ofSeconds(10), "no app connections left", () -> redis.appConnections() == 0);
    }

    @Test
    void closeWaitsForTheShutdownAndCanBeCalledAgain() {
        RedisSession s = RedisSession.open(redis.profile()).join();
        assertThat(redis.appConnections()).isEqualTo(1);

        CompletableFuture<Void> first = s.closeAsync();
        assertThat(s.closeAsync()).isSameAs(first);
        s.close();

        assertThat(first).isDone();
        Eventually.within(Duration.ofSeconds(5), "server saw the connection go", () -> redis.appConnections() == 0);
    }

    @Test
    void refusedSubscriptionCanBeRetriedOnceAllowed() throws Exception {
        redis.sync().aclSetuser("listener", AclSetuserArgs.Builder.on().nopass().allKeys()
                .allCommands().removeCommand(CommandType.PSUBSCRIBE).allChannels());
        ConnectionProfile listener = redis.profile().toBuilder().username("listener").password("any").build();
        try (RedisSession s = RedisSession.open(listener).join()) {
            assertThatThrownBy(() -> s.pubSub().psubscribe("jobs.*".getBytes(), (c, m) -> { }).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("NOPERM");

            redis.sync().aclSetuser("listener", AclSetuserArgs.Builder.on().nopass().allKeys()
                    .allCommands().allChannels());
            List<String> got = new CopyOnWriteArrayList<>();
            s.pubSub().psubscribe("jobs.*".getBytes(), (c, m) -> got.add(new String(m))).get(5, TimeUnit.SECONDS);
            redis.sync().publish("jobs.1", "done");

            Eventually.within(Duration.ofSeconds(5), "message arrives after the retry", () -> got.contains("done"));
        } finally {
            redis.sync().aclDeluser("listener");
        }
    }
}
