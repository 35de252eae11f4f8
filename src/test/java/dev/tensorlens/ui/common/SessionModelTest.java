package dev.tensorlens.ui.common;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Opening, replacing and closing connections quickly leaves exactly what the user last asked for. */
class SessionModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();


    @Test
    void openingAgainAndAgainKeepsOnlyTheLastConnection() {
        try (SessionModel model = new SessionModel(UiExecutor.sameThread())) {
            for (int i = 0; i < 5; i++) {
                model.open(redis.profile().toBuilder().name("try " + i).build());
            }

            Eventually.within(Duration.ofSeconds(10), "connected",
                    () -> model.stateProperty().get() == ConnectionState.CONNECTED);
            assertThat(model.profileProperty().get().name()).isEqualTo("try 4");
            Eventually.within(Duration.ofSeconds(10), "one connection left", () -> redis.appConnections() == 1);
        }
        Eventually.within(Duration.ofSeconds(10), "none after close", () -> redis.appConnections() == 0);
    }

    @Test
    void closingWhileConnectingLeavesNothingOpen() {
        SessionModel model = new SessionModel(UiExecutor.sameThread());
        model.open(redis.profile());
        model.close();

        assertThat(model.stateProperty().get()).isEqualTo(ConnectionState.CLOSED);
        Eventually.within(Duration.ofSeconds(10), "no connection left", () -> redis.appConnections() == 0);
        assertThat(model.session()).isNull();
    }

    @Test
    void failureIsExplainedAndNotConnected() {
        try (SessionModel model = new SessionModel(UiExecutor.sameThread())) {
            model.open(redis.profile().toBuilder().name("Nowhere").port(1).build());

            Eventually.within(Duration.ofSeconds(10), "error shown", () -> model.lastErrorProperty().get() != null);
            assertThat(model.lastErrorProperty().get())
                    .isEqualTo("Connecting to Nowhere (127.0.0.1:1) failed: the connection was refused: "
                            + "no Redis server is listening there.");
            assertThat(model.stateProperty().get()).isEqualTo(ConnectionState.CLOSED);
        }
    }
}
