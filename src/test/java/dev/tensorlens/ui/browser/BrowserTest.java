package dev.tensorlens.ui.browser;

import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.models.ModelsModel;
import dev.tensorlens.ui.models.ModelsView;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** What a test adds beyond the demo keys goes again, so every test starts from the demo's 44 keys. */
    @AfterEach
    void removeScratchKeys() {
        for (String pattern : List.of("scratch:*", "bulk:*")) {
            List<String> keys = redis.sync().keys(pattern);
            if (!keys.isEmpty()) {
                redis.sync().del(keys.toArray(String[]::new));
            }
        }
    }

    private void openBrowser(FxRobot robot) {
        robot.interact(() -> {
            window.open(redis.profile().toBuilder().name("Demo data").build());
            window.show(ViewId.BROWSER);
        });
        long keys = redis.sync().dbsize();
        waitUntil(10, "every key listed", () -> status(robot).startsWith(HumanReadable.count(keys) + " keys"));
        // the count is set as the scan ends; the rows reach the table with the index's next publish
        waitUntil(5, "the rows shown", () -> !table(robot).getItems().isEmpty());
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
        assertThat(rows(robot)).containsExactly("> cache (19)", "> dataset (6)", "> demo (3)", "> events (1)",
                "> model (24)", "> pickle (2)", "model_params", "preprocessed_data", "test_dataset", "train_dataset",
                "val_dataset");

        robot.interact(() -> {
            table(robot).requestFocus();
            table(robot).getSelectionModel().select(1);
        });
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "dataset opened", () -> rows(robot).contains("  > digits (4)"));
        robot.type(KeyCode.DOWN, KeyCode.RIGHT);
        waitUntil(5, "digits opened", () -> rows(robot).contains("    test"));
        assertThat(rows(robot)).containsSubsequence("v dataset (6)", "  v digits (4)", "    labels", "    test", "    train",
                "    val", "  > reviews (2)", "> demo (3)");

        robot.type(KeyCode.DOWN, 3); // dataset:digits:train
        waitUntil(5, "the set's members shown", () -> robot.lookup("#value-key").queryAs(Label.class).getText()
                .equals(DemoKeys.TRAIN));
        robot.type(KeyCode.LEFT); // to the parent folder
        assertThat(table(robot).getSelectionModel().getSelectedItem().toString()).isEqualTo("  v digits (4)");
        robot.type(KeyCode.LEFT); // and closed
        waitUntil(5, "digits closed", () -> rows(robot).get(2).equals("  > digits (4)"));
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
        // the status is set when the scan ends; the tree's rows follow with the next publish of the listing
        waitUntil(5, "the rows of the v1 keys: one folder", () -> rows(robot).equals(List.of("> model (6)")));

        robot.interact(() -> robot.lookup("#list-mode").queryAs(ToggleButton.class).fire());
        waitUntil(5, "flat list", () -> rows(robot).size() == 6);
        assertThat(rows(robot)).allMatch(r -> r.startsWith("model:digits-mlp:v1:"));

        robot.interact(() -> robot.lookup("#key-pattern").queryAs(TextField.class).setText(DemoKeys.README.substring(0, 6)));
        waitUntil(10, "the hint for a name without a wildcard", () -> robot.lookup("#browser-message").queryAs(Label.class)
                .getText().startsWith("No key is named exactly 'demo:r'"));
        waitUntil(5, "no rows", () -> rows(robot).isEmpty());

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
        waitUntil(5, "flat list", () -> listing(robot).contains(key));
        robot.interact(() -> table(robot).requestFocus());
        select(robot, key);
        waitUntil(10, "decoded", () -> "npy".equals(robot.lookup("#value-format").queryAs(Label.class).getText()));
        assertThat(robot.lookup("#tensor-summary").queryAs(Node.class).isVisible()).isTrue();
        waitUntil(5, "its way to the Models view offered", () -> robot.lookup("#open-in-button").queryAs(Node.class).isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-tensor");
        robot.interact(() -> window.model().darkThemeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-tensor-dark");

        String opened = robot.lookup("#value-key").queryAs(Label.class).getText();
        robot.interact(() -> robot.lookup("#open-in-button").queryAs(Button.class).fire());
        assertThat(window.model().currentViewProperty().get()).isEqualTo(ViewId.MODELS);
        // the Models view opens the version that key belongs to, with its tensor picked
        ModelsModel models = ((ModelsView) window.view(ViewId.MODELS)).model();
        waitUntil(15, "the tensor's version open and the tensor picked", () -> models.detail().rowProperty().get() != null
                && models.detail().rowProperty().get().layer().source().key().equals(opened));
        assertThat(models.openVersionProperty().get().version()).isEqualTo("v1");
        assertThat(models.detail().rowProperty().get().name()).isEqualTo("layer0.weight");
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "models-opened-from-browser");
    }

    /** The whole listing as text, beyond the screenful the table holds. */
    private List<String> listing(FxRobot robot) {
        List<String> out = new ArrayList<>();
        ((BrowserView) window.view(ViewId.BROWSER)).model().tree().rows().forEach(r -> out.add(r.toString()));
        return out;
    }

    private static ScrollBar scrollBar(FxRobot robot) {
        return robot.lookup("#key-scroll").queryAs(ScrollBar.class);
    }

    /** Scrolls the row to the top of the table (as far as the bar goes), as a user dragging the bar would, then picks it. */
    private void select(FxRobot robot, String row) {
        waitUntil(10, row + " listed", () -> listing(robot).contains(row));
        robot.interact(() -> {
            table(robot).requestFocus();
            scrollBar(robot).setValue(Math.min(scrollBar(robot).getMax(), listing(robot).indexOf(row)));
        });
        robot.interact(() -> table(robot).getSelectionModel().select(rows(robot).indexOf(row)));
    }

    /** The mouse wheel over the key table, by {@code rows} rows' worth of pixels. */
    private static void wheelDown(FxRobot robot, int rows) {
        robot.interact(() -> table(robot).fireEvent(new ScrollEvent(ScrollEvent.SCROLL, 10, 10, 10, 10, false, false,
                false, false, false, false, 0, -rows * KeyTable.ROW_HEIGHT, 0, 0, ScrollEvent.HorizontalTextScrollUnits.NONE,
                0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
    }

    /** Enter acts on the folder as it is listed now, and brings it back on screen, even after the wheel moved it away. */
    @Test
    void aFolderScrolledOffScreenStillClosesWithEnterAndComesBack(FxRobot robot) {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            many.put(String.format("bulk:%05d", i), "v");
        }
        redis.sync().mset(many);
        openBrowser(robot);
        select(robot, "> bulk (300)");
        robot.type(KeyCode.ENTER);
        waitUntil(5, "bulk opened", () -> listing(robot).contains("v bulk (300)"));
        wheelDown(robot, 100);
        assertThat(rows(robot)).as("the folder's row scrolled away").doesNotContain("v bulk (300)");

        robot.type(KeyCode.ENTER);
        waitUntil(5, "bulk closed", () -> listing(robot).contains("> bulk (300)"));
        waitUntil(5, "and on screen, selected", () -> table(robot).getSelectionModel().getSelectedItem() != null
                && table(robot).getSelectionModel().getSelectedItem().toString().equals("> bulk (300)"));
    }

    @Test
    void aLongListingHoldsOneScreenfulAndTheKeysMoveOverAllOfIt(FxRobot robot) {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            many.put(String.format("bulk:%05d", i), "v");
        }
        redis.sync().mset(many);
        openBrowser(robot);
        filter(robot, "bulk:*");
        robot.interact(() -> robot.lookup("#list-mode").queryAs(ToggleButton.class).fire());
        waitUntil(5, "the flat listing", () -> listing(robot).size() == 5000 && rows(robot).get(0).equals("bulk:00000"));
        int screenful = rows(robot).size();
        assertThat(screenful).as("the table holds what fits, not the listing").isBetween(5, 60);
        assertThat(scrollBar(robot).isVisible()).isTrue();
        assertThat(scrollBar(robot).getMax()).isEqualTo(5000 - screenful);

        robot.interact(() -> table(robot).requestFocus());
        robot.type(KeyCode.END);
        waitUntil(5, "the last key open", () -> robot.lookup("#value-key").queryAs(Label.class).getText().equals("bulk:04999"));
        assertThat(rows(robot).get(rows(robot).size() - 1)).isEqualTo("bulk:04999");
        assertThat(table(robot).getSelectionModel().getSelectedItem().toString()).isEqualTo("bulk:04999");
        assertThat(scrollBar(robot).getValue()).isEqualTo(scrollBar(robot).getMax());

        robot.type(KeyCode.HOME);
        robot.type(KeyCode.PAGE_DOWN);
        String paged = String.format("bulk:%05d", screenful - 1); // the last row on screen
        waitUntil(5, "a page down", () -> robot.lookup("#value-key").queryAs(Label.class).getText().equals(paged));
        robot.type(KeyCode.DOWN, 3);
        String further = String.format("bulk:%05d", screenful + 2);
        waitUntil(5, "past the first screen", () -> robot.lookup("#value-key").queryAs(Label.class).getText().equals(further));
        assertThat(table(robot).getSelectionModel().getSelectedItem().toString()).isEqualTo(further);
        assertThat(rows(robot).get(rows(robot).size() - 1)).as("the window followed the selection").isEqualTo(further);

        // the bar dragged to the middle: the rows there, the open key kept although it is off screen
        robot.interact(() -> scrollBar(robot).setValue(2500));
        assertThat(rows(robot).get(0)).isEqualTo("bulk:02500");
        assertThat(table(robot).getSelectionModel().getSelectedItem()).isNull();
        assertThat(robot.lookup("#value-key").queryAs(Label.class).getText()).isEqualTo(further);
        // the wheel moves the window; the arrow keys go on from the open key, bringing it back on screen
        wheelDown(robot, 5);
        assertThat(rows(robot).get(0)).isEqualTo("bulk:02505");
        robot.type(KeyCode.DOWN);
        String next = String.format("bulk:%05d", screenful + 3);
        waitUntil(5, "the key after the open one", () -> robot.lookup("#value-key").queryAs(Label.class).getText().equals(next));
        assertThat(table(robot).getSelectionModel().getSelectedItem().toString()).isEqualTo(next);
        // one tooltip per row, made on the first hover: the whole name and the facts in words
        TableRow<?> hovered = robot.lookup(".table-row-cell").match((TableRow<?> r) -> r.getItem() != null
                && r.getItem().toString().equals(next)).query();
        robot.moveTo(hovered).moveBy(5, 0);
        waitUntil(5, "the row's tooltip", () -> Window.getWindows().stream().anyMatch(w -> w instanceof Tooltip tip
                && tip.getText().startsWith(next) && tip.getText().contains("string · ")));
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-long-listing");
    }

    private void filter(FxRobot robot, String pattern) {
        robot.interact(() -> {
            TextField field = robot.lookup("#key-pattern").queryAs(TextField.class);
            field.setText(pattern);
            field.fireEvent(new ActionEvent()); // Enter: no waiting for the typing pause
        });
        waitUntil(10, "filtered by " + pattern, () -> status(robot).contains(" match · "));
    }

    private static void press(FxRobot robot, String dialogId, String buttonText) {
        waitUntil(5, dialogId + " shown", () -> robot.lookup("#" + dialogId).tryQuery().isPresent());
        DialogPane pane = robot.lookup("#" + dialogId).queryAs(DialogPane.class);
        Button button = pane.getButtonTypes().stream()
                .map(t -> (Button) pane.lookupButton(t))
                .filter(b -> b.getText().equals(buttonText)).findFirst().orElseThrow();
        robot.interact(button::fire);
    }

    @Test
    void deletingAKeyAsksFirstThenRemovesItFromServerAndTree(FxRobot robot) {
        redis.sync().set("scratch:delete-me", "x");
        openBrowser(robot);
        filter(robot, "scratch:*");
        robot.interact(() -> robot.lookup("#list-mode").queryAs(ToggleButton.class).fire());
        select(robot, "scratch:delete-me");

        robot.type(KeyCode.DELETE);
        press(robot, "delete-dialog", "Cancel");
        assertThat(redis.sync().exists("scratch:delete-me")).as("cancel keeps the key").isEqualTo(1);

        robot.type(KeyCode.DELETE);
        press(robot, "delete-dialog", "Delete");
        waitUntil(5, "gone from the tree", () -> rows(robot).isEmpty());
        assertThat(redis.sync().exists("scratch:delete-me")).isZero();
        assertThat(robot.lookup("#browser-message").queryAs(Label.class).getText()).isEqualTo("Deleted scratch:delete-me.");
    }

    @Test
    void deletingAFolderGoesInBatchesAndLeavesKeysTheListingDoesNotShow(FxRobot robot) {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 1800; i++) {
            many.put("bulk:item:" + i, "v");
        }
        redis.sync().mset(many);
        redis.sync().hset("bulk:item:hash", "f", "v"); // a hash: filtered out by the type filter below
        openBrowser(robot);
        robot.interact(() -> robot.lookup("#key-type").queryAs(ComboBox.class).setValue("string"));
        filter(robot, "bulk:*");
        select(robot, "> bulk (1800)");

        robot.type(KeyCode.DELETE);
        press(robot, "delete-folder-dialog", "Delete 1,800 keys");
        waitUntil(15, "the folder is gone", () -> rows(robot).isEmpty());
        try {
            waitUntil(5, "the outcome said", () -> robot.lookup("#browser-message").queryAs(Label.class).getText()
                    .equals("Deleted 1,800 keys under bulk:."));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + robot.lookup("#browser-message").queryAs(Label.class).getText());
        }
        assertThat(redis.sync().keys("bulk:*")).containsExactly("bulk:item:hash");
    }

    @Test
    void aReadOnlyProfileCannotDeleteFromTheUiOrBehindIt(FxRobot robot) {
        redis.sync().set("scratch:keep-me", "precious");
        robot.interact(() -> {
            window.open(redis.profile().toBuilder().name("Production").readOnly(true).build());
            window.show(ViewId.BROWSER);
        });
        waitUntil(10, "listed", () -> status(robot).contains(" keys · scanned"));
        filter(robot, "scratch:*");
        robot.interact(() -> robot.lookup("#list-mode").queryAs(ToggleButton.class).fire());
        select(robot, "scratch:keep-me");
        waitUntil(5, "value open", () -> robot.lookup("#value-key").queryAs(Label.class).getText().equals("scratch:keep-me"));

        assertThat(robot.lookup("#delete-button").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#rename-button").queryAs(Button.class).isDisabled()).isTrue();
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#delete-dialog").tryQuery()).as("no dialog on a read-only profile").isEmpty();

        // a delete that reaches the model anyway is refused by the service layer, with words
        robot.interact(() -> ((BrowserView) window.view(ViewId.BROWSER)).model().actions().delete(
                "scratch:keep-me".getBytes(StandardCharsets.UTF_8)));
        waitUntil(5, "refusal said", () -> robot.lookup("#browser-message").queryAs(Label.class).getText().contains("read-only"));
        assertThat(redis.sync().get("scratch:keep-me")).isEqualTo("precious");
        assertThat(rows(robot)).containsExactly("scratch:keep-me");
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(window.stage().getScene(), "browser-read-only");
    }

    @Test
    void liveAsksBeforeChangingTheServerThenShowsOtherClientsKeys(FxRobot robot) {
        redis.sync().configSet("notify-keyspace-events", "");
        try {
            openBrowser(robot);
            filter(robot, "scratch:*");
            robot.interact(() -> robot.lookup("#live-button").queryAs(ToggleButton.class).fire());
            waitUntil(5, "the question", () -> robot.lookup("#notifications-dialog").tryQuery().isPresent());
            WaitForAsyncUtils.waitForFxEvents();
            UiTestSupport.screenshot(robot.lookup("#notifications-dialog").queryAs(Node.class).getScene(), "browser-live-consent");
            press(robot, "notifications-dialog", "Turn on");
            waitUntil(5, "following", () -> robot.lookup("#live-button").queryAs(ToggleButton.class)
                    .getText().equals("Live · on"));

            redis.sync().set("scratch:from-a-notebook", "1");
            waitUntil(5, "the new key listed", () -> rows(robot).equals(List.of("> scratch (1)")));
        } finally {
            redis.sync().configSet("notify-keyspace-events", "");
        }
    }
}
