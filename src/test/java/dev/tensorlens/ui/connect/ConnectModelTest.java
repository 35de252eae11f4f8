package dev.tensorlens.ui.connect;

import dev.tensorlens.redis.ConnectionCheck;
import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.settings.ProfileStore;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.support.UiTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection manager's logic, without a window. */
class ConnectModelTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final TestUiThread uiThread = new TestUiThread();
    ProfileStore store;
    ConnectModel model;

    @BeforeEach
    void freshModel() {
        store = new ProfileStore(UiTestSupport.freshDirs());
        model = uiThread.call(() -> new ConnectModel(store, uiThread.ui(), ConnectionCheck::run));
        uiThread.run(() -> model.load(null));
    }

    @AfterEach
    void close() {
        uiThread.close();
    }

    /** The model lives on the stand-in UI thread: every step of a test runs there. */
    private void onUi(Runnable steps) {
        uiThread.run(steps);
    }

    @Test
    void startsWithALocalServerWhenNothingIsSaved() {
        onUi(() -> {
            assertThat(model.profiles()).isEmpty();
            assertThat(model.hostProperty().get()).isEqualTo("127.0.0.1");
            assertThat(model.portProperty().get()).isEqualTo("6379");
            assertThat(model.timeoutSecondsProperty().get()).isEqualTo("10");
        });
    }

    @Test
    void testReportsVersionAndRoundTrip() {
        onUi(() -> {
            model.portProperty().set(Integer.toString(redis.port()));
            model.test();
        });

        Eventually.within(Duration.ofSeconds(10), "test finished", () -> !uiThread.call(() -> model.testRunningProperty().get()));
        ConnectModel.Feedback feedback = uiThread.call(() -> model.feedbackProperty().get());
        assertThat(feedback.kind()).isEqualTo(ConnectModel.Feedback.Kind.OK);
        assertThat(feedback.text()).startsWith("Redis " + redis.binary().version() + " (standalone, master) answered in ");
    }

    @Test
    void testReportsWhyItFailed() {
        onUi(() -> {
            model.portProperty().set("1");
            model.test();
        });

        Eventually.within(Duration.ofSeconds(10), "test finished", () -> !uiThread.call(() -> model.testRunningProperty().get()));
        ConnectModel.Feedback feedback = uiThread.call(() -> model.feedbackProperty().get());
        assertThat(feedback.kind()).isEqualTo(ConnectModel.Feedback.Kind.ERROR);
        assertThat(feedback.text()).contains("refused");
    }

    @Test
    void badFieldsAreNamedAndNothingIsSaved() {
        onUi(() -> {
            model.portProperty().set("63 79");
            model.databaseProperty().set("-1");
            model.timeoutSecondsProperty().set("soon");

            assertThat(model.save()).isEmpty();

            assertThat(model.feedbackProperty().get().text()).isEqualTo(
                    "Port '63 79' is not a whole number. Timeout 'soon' is not a number of seconds. "
                            + "Database index must be 0 or more.");
            assertThat(store.profilesFile()).doesNotExist();
        });
    }

    @Test
    void uriFillsTheFormAndKeepsTheName() {
        onUi(() -> {
            model.nameProperty().set("Feature store");
            model.uriProperty().set("rediss://bob:s%3Acret@cache.internal:6380/2");

            assertThat(model.applyUri()).isTrue();

            assertThat(model.nameProperty().get()).isEqualTo("Feature store");
            assertThat(model.hostProperty().get()).isEqualTo("cache.internal");
            assertThat(model.portProperty().get()).isEqualTo("6380");
            assertThat(model.databaseProperty().get()).isEqualTo("2");
            assertThat(model.usernameProperty().get()).isEqualTo("bob");
            assertThat(model.passwordProperty().get()).isEqualTo("s:cret");
            assertThat(model.tlsProperty().get()).isTrue();
            assertThat(model.uriProperty().get()).isEmpty();
        });
    }

    @Test
    void badUriSaysWhy() {
        onUi(() -> {
            model.uriProperty().set("mongodb://x");

            assertThat(model.applyUri()).isFalse();

            assertThat(model.feedbackProperty().get().text()).startsWith("URI: Unknown scheme 'mongodb'");
        });
    }

    @Test
    void saveEditDeleteRoundTripThroughTheFiles() {
        onUi(() -> {
            model.nameProperty().set("Cluster");
            model.modeProperty().set(ConnectionMode.CLUSTER);
            model.clusterNodesProperty().set("10.0.0.1:7000, 10.0.0.2:7000\n10.0.0.3");
            model.passwordProperty().set("secret");

            ConnectionProfile saved = model.save().orElseThrow();

            assertThat(saved.clusterNodes()).containsExactly("10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3");
            assertThat(model.feedbackProperty().get().text())
                    .isEqualTo("Saved \"Cluster\". The password is kept for this session only.");
            assertThat(store.profilesFile()).content().doesNotContain("secret");

            model.nameProperty().set("Cluster (prod)");
            model.save();
            assertThat(store.load().profiles()).singleElement().extracting(ConnectionProfile::name).isEqualTo("Cluster (prod)");

            ConnectModel reopened = new ConnectModel(store, uiThread.ui(), ConnectionCheck::run);
            reopened.load(saved.id());
            assertThat(reopened.nameProperty().get()).isEqualTo("Cluster (prod)");
            assertThat(reopened.passwordProperty().get()).as("not remembered").isEmpty();

            reopened.deleteSelected();
            assertThat(store.load().profiles()).isEmpty();
            assertThat(reopened.hostProperty().get()).isEqualTo("127.0.0.1");
        });
    }
}
