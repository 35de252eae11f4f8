package dev.tensorlens.ui.server;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The server view's state against a real server, without a window. */
class ServerModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    final SessionModel session = new SessionModel(UiExecutor.sameThread());
    final ServerModel model = new ServerModel(session, UiExecutor.sameThread());

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void notConnectedUntilASessionOpens() {
        model.refresh();

        assertThat(model.phaseProperty().get()).isEqualTo(ServerModel.Phase.NOT_CONNECTED);
        assertThat(model.stats()).isEmpty();
    }

    @Test
    void loadsCardsKeyspaceAndFields() {
        redis.sync().flushall();
        redis.sync().set("a", "1");
        redis.sync().setex("b", 100, "2");

        session.open(redis.profile());

        Eventually.within(Duration.ofSeconds(10), "loaded", () -> model.phaseProperty().get() == ServerModel.Phase.LOADED);
        assertThat(model.stats()).extracting(ServerStats.Stat::title)
                .containsExactly("Server", "Role", "Keys", "Memory used", "Clients", "Persistence", "Round trip");
        assertThat(model.stats()).filteredOn(s -> s.id().equals("keys")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo("2");
                    assertThat(s.detail()).isEqualTo("in db 0 · 1 with a TTL");
                });
        assertThat(model.keyspace()).singleElement().satisfies(k -> assertThat(k.keys()).isEqualTo(2));
        assertThat(model.updatedProperty().get()).startsWith("Updated ");

        model.filterProperty().set("REDIS_VERSION");

        assertThat(model.infoRows()).singleElement()
                .satisfies(row -> assertThat(row.value()).isEqualTo(redis.binary().version()));
    }

    @Test
    void closingTheSessionClearsTheView() {
        session.open(redis.profile());
        Eventually.within(Duration.ofSeconds(10), "loaded", () -> model.phaseProperty().get() == ServerModel.Phase.LOADED);

        session.closeCurrent();

        assertThat(model.phaseProperty().get()).isEqualTo(ServerModel.Phase.NOT_CONNECTED);
        assertThat(model.infoRows()).isEmpty();
    }
}
