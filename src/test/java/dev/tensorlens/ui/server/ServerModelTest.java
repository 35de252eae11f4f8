package dev.tensorlens.ui.server;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.ui.common.SessionModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The server view's state against a real server, without a window; the model lives on a stand-in UI thread. */
class ServerModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final TestUiThread uiThread = new TestUiThread();
    private final SessionModel session = on(() -> new SessionModel(uiThread.ui(), uiThread.executors().timers()));
    private final ServerModel model = on(() -> {
        ServerModel m = new ServerModel(session, uiThread.ui());
        m.start(); // as the view does when it is first shown
        return m;
    });

    @AfterEach
    void close() {
        session.close();
        uiThread.close();
    }

    private <T> T on(Supplier<T> read) {
        return uiThread.call(read);
    }

    private void loaded() {
        Eventually.within(Duration.ofSeconds(10), "loaded",
                () -> on(() -> model.phaseProperty().get()) == ServerModel.Phase.LOADED);
    }

    @Test
    void notConnectedUntilASessionOpens() {
        uiThread.run(model::refresh);

        assertThat(on(() -> model.phaseProperty().get())).isEqualTo(ServerModel.Phase.NOT_CONNECTED);
        assertThat(on(() -> model.stats().size())).isZero();
    }

    @Test
    void loadsCardsKeyspaceAndFields() {
        redis.sync().flushall();
        redis.sync().set("a", "1");
        redis.sync().setex("b", 100, "2");

        uiThread.run(() -> session.open(redis.profile()));

        loaded();
        List<ServerStats.Stat> stats = on(() -> List.copyOf(model.stats()));
        assertThat(stats).extracting(ServerStats.Stat::title)
                .containsExactly("Server", "Role", "Keys", "Memory used", "Clients", "Persistence", "Round trip");
        assertThat(stats).filteredOn(s -> s.id().equals("keys")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo("2");
                    assertThat(s.detail()).isEqualTo("in db 0 · 1 with a TTL");
                });
        assertThat(on(() -> List.copyOf(model.keyspace()))).singleElement().satisfies(k -> assertThat(k.keys()).isEqualTo(2));
        assertThat(on(() -> model.updatedProperty().get())).startsWith("Updated ");

        uiThread.run(() -> model.filterProperty().set("REDIS_VERSION"));

        assertThat(on(() -> List.copyOf(model.infoRows()))).singleElement()
                .satisfies(row -> assertThat(row.value()).isEqualTo(redis.binary().version()));
    }

    @Test
    void closingTheSessionClearsTheView() {
        uiThread.run(() -> session.open(redis.profile()));
        loaded();

        uiThread.run(session::closeCurrent);

        assertThat(on(() -> model.phaseProperty().get())).isEqualTo(ServerModel.Phase.NOT_CONNECTED);
        assertThat(on(() -> model.infoRows().size())).isZero();
    }
}
