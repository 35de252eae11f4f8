package dev.tensorlens.ui.browser;

import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.ViewId;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Browser in the real main window, against a real server holding the demo's ML state. */
class BrowserTest extends MainWindowTestBase {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @BeforeAll
    static void seed() {
        try (RedisSession s = RedisSession.open(redis.profile()).join()) {
            DemoSeeder.seed(s).join();
        }
    }

    private void openBrowser(FxRobot robot) {
        robot.interact(() -> {
            window.open(redis.profile().toBuilder().name("Demo data").build());
            window.show(ViewId.BROWSER);
        });
        waitUntil(10, "every demo key listed", () -> status(robot).startsWith(DemoSeeder.KEYS.size() + " keys"));
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#scan-status").queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private static TableView<KeyTreeModel.Row> table(FxRobot robot) {
        return robot.lookup("#key-table").queryAs(TableView.class);
    }

    private static List<String> rows(FxRobot robot) {
        List<String> out = new ArrayList<>();
        table(robot).getItems().forEach(r -> out.add(r.toString()));
        return out;
    }

    @Test
    void theTreeGroupsKeysByNamespaceAndTheKeyboardOpensFolders(FxRobot robot) {
        openBrowser(robot);
        assertThat(rows(robot)).containsExactly("> cache (10)", "> dataset (3)", "> demo (3)", "> events (1)",
                "> model (24)", "> pickle (2)", "model_params");

        robot.interact(() -> {
            table(robot).requestFocus();
            table(robot).getSelectionModel().select(1);
        });
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "dataset opened", () -> rows(robot).contains("  > digits (3)"));
        robot.type(KeyCode.DOWN, KeyCode.RIGHT);
        waitUntil(5, "digits opened", () -> rows(robot).contains("    test"));
        assertThat(rows(robot)).containsSubsequence("v dataset (3)", "  v digits (3)", "    test", "    train", "    val",
                "> demo (3)");

        robot.type(KeyCode.DOWN, 2); // dataset:digits:train
        waitUntil(5, "the set's members shown", () -> robot.lookup("#value-key").queryAs(Label.class).getText()
                .equals(DemoKeys.TRAIN));
        robot.type(KeyCode.LEFT); // to the parent folder
        assertThat(table(robot).getSelectionModel().getSelectedItem().toString()).isEqualTo("  v digits (3)");
        robot.type(KeyCode.LEFT); // and closed
        waitUntil(5, "digits closed", () -> rows(robot).get(2).equals("  > digits (3)"));
        assertThat(robot.lookup("#value-side-empty").queryAs(Node.class).isVisible()).as("a folder has no value").isTrue();

        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-tree");
    }

    @Test
    void typingAPatternFiltersOnTheServerAndAPlainNameIsOneExactKey(FxRobot robot) {
        openBrowser(robot);
        robot.interact(() -> window.view(ViewId.BROWSER).focusSearch());
        robot.write("model:digits-mlp:v1:*");
        waitUntil(10, "only the v1 keys", () -> status(robot).matches("\\d+ keys match · .*"));
        robot.interact(() -> window.view(ViewId.BROWSER).root().lookupAll(".key-table").forEach(n -> { }));
        assertThat(rows(robot)).containsExactly("> model (6)");

        robot.interact(() -> robot.lookup("#list-mode").queryAs(javafx.scene.control.ToggleButton.class).fire());
        waitUntil(5, "flat list", () -> rows(robot).size() == 6);
        assertThat(rows(robot)).allMatch(r -> r.startsWith("model:digits-mlp:v1:"));

        robot.interact(() -> robot.lookup("#key-pattern").queryAs(TextField.class).setText(DemoKeys.README.substring(0, 6)));
        waitUntil(10, "the hint for a name without a wildcard", () -> robot.lookup("#browser-message").queryAs(Label.class)
                .getText().startsWith("No key is named exactly 'demo:r'"));
        assertThat(rows(robot)).isEmpty();

        robot.interact(() -> robot.lookup("#key-pattern").queryAs(TextField.class).setText(DemoKeys.README));
        waitUntil(10, "the one key", () -> rows(robot).equals(List.of(DemoKeys.README)));
    }

    @Test
    void aCheckpointTensorOpensDecoded(FxRobot robot) {
        openBrowser(robot);
        robot.interact(() -> {
            BrowserModel model = ((BrowserView) window.view(ViewId.BROWSER)).model();
            model.tree().modeProperty().set(KeyTreeModel.Mode.FLAT);
        });
        String key = DemoKeys.tensorKey(1, "layer0.weight");
        waitUntil(5, "flat list", () -> rows(robot).contains(key));
        robot.interact(() -> table(robot).getSelectionModel().select(rows(robot).indexOf(key)));
        waitUntil(10, "decoded", () -> "npy".equals(robot.lookup("#value-format").queryAs(Label.class).getText()));
        assertThat(robot.lookup("#tensor-summary").queryAs(Node.class).isVisible()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-tensor");
    }
}
