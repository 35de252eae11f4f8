package dev.tensorlens.redis;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server goes away under an open session and comes back. */
class RedisSessionReconnectTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void followsAKilledServerAndReconnectsWhenItReturns() {
        try (RedisSession session = RedisSession.open(redis.profile()).join()) {
            List<ConnectionState> seen = new CopyOnWriteArrayList<>();
            session.onStateChange(seen::add);

            redis.kill();

            Eventually.within(Duration.ofSeconds(5), "state turns disconnected",
                    () -> session.state() == ConnectionState.DISCONNECTED);
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.read("PING", c -> c.ping()).join()).cause()
                    .hasMessage("PING was not sent: the connection to the server is down (reconnecting in the background).");
            // rejected at once, not queued until the timeout
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

            redis.startAgain();

            Eventually.within(Duration.ofSeconds(10), "state returns to connected",
                    () -> session.state() == ConnectionState.CONNECTED);
            assertThat(session.read("PING", c -> c.ping()).join()).isEqualTo("PONG");
            assertThat(seen).containsSubsequence(
                    ConnectionState.RECONNECTING, ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
        }
    }
}
