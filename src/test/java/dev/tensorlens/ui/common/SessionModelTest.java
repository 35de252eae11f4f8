package dev.tensorlens.ui.common;

import dev.tensorlens.redis.ConnectionState;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.TestUiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening, replacing and closing connections quickly leaves exactly what the user last asked for. The model lives on
 * a stand-in UI thread, as on the FX thread in the app.
 */
class SessionModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final TestUiThread uiThread = new TestUiThread();
    private final SessionModel model = on(() -> new SessionModel(uiThread.ui(), uiThread.executors().timers()));

    @AfterEach
    void close() {
        model.close();
        uiThread.close();
    }

    private <T> T on(Supplier<T> read) {
        return uiThread.call(read);
    }

    @Test
    void openingAgainAndAgainKeepsOnlyTheLastConnection() {
        uiThread.run(() -> {
            for (int i = 0; i < 5; i++) {
                model.open(redis.profile().toBuilder().name("try " + i).build());
            }
        });

        Eventually.within(Duration.ofSeconds(10), "connected",
                () -> on(() -> model.stateProperty().get()) == ConnectionState.CONNECTED);
        assertThat(on(() -> model.profileProperty().get().name())).isEqualTo("try 4");
        Eventually.within(Duration.ofSeconds(10), "one connection left", () -> redis.appConnections() == 1);
        model.close();
        Eventually.within(Duration.ofSeconds(10), "none after close", () -> redis.appConnections() == 0);
    }

    @Test
    void closingWhileConnectingLeavesNothingOpen() {
        uiThread.run(() -> {
            model.open(redis.profile());
            model.closeInBackground();
        });

        assertThat(on(() -> model.stateProperty().get())).isEqualTo(ConnectionState.CLOSED);
        Eventually.within(Duration.ofSeconds(10), "no connection left", () -> redis.appConnections() == 0);
        assertThat(on(model::session)).isNull();
    }

    @Test
    void failureIsExplainedAndNotConnected() {
        uiThread.run(() -> model.open(redis.profile().toBuilder().name("Nowhere").port(1).build()));

        Eventually.within(Duration.ofSeconds(10), "error shown", () -> on(() -> model.lastErrorProperty().get()) != null);
        assertThat(on(() -> model.lastErrorProperty().get()))
                .isEqualTo("Connecting to Nowhere (127.0.0.1:1) failed: the connection was refused: "
                        + "no Redis server is listening there.");
        assertThat(on(() -> model.stateProperty().get())).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void theHeartbeatMeasuresTheRoundTrip() {
        uiThread.run(() -> model.open(redis.profile()));

        Eventually.within(Duration.ofSeconds(10), "a round trip measured", () -> on(() -> model.latencyProperty().get()) != null);
        assertThat(on(() -> model.serverVersionProperty().get())).isEqualTo(redis.binary().version());
    }
}
