package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.common.AppExecutors;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value pane alone in a window, against a real server with the demo's values. The window is as wide as the
 * value side of the browser's split pane in the default main window, so the screenshots show what users see.
 */
@ExtendWith(ApplicationExtension.class)
class ValuePaneTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** About the value side of the browser's split pane in the 1180×760 main window. */
    static final double NARROW_WIDTH = 520;
    static final double HEIGHT = 720;

    /** Over 4 MiB: read into two chunks (see {@code ChunkedBytes}) and shown from them. */
    static final byte[] FIVE_MB = NpyWriter.float32(new long[] {1280, 1024}, ramp(1280 * 1024));

    final AppExecutors executors = new AppExecutors();
    SessionModel session;
    ValueModel model;
    Scene scene;
    Stage stage;

    @BeforeAll
    static void seed() {
        try (RedisSession s = RedisSession.open(redis.profile()).join()) {
            DemoSeeder.seed(s).join();
            float[] values = new float[512 * 1024];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.sin(i * 0.001) * (i % 7) / 7f;
            }
            new ValueWriter(s).set(b("big:activations"), NpyWriter.float32(new long[] {512, 1024}, values)).join();
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            for (int i = 0; i < 10_000; i++) {
                fields.put(b("field:" + i), b("value " + i));
            }
            new ValueWriter(s).hset(b("wide"), fields).join();
            new ValueWriter(s).set(b("big:5mb"), FIVE_MB).join();
        }
    }

    static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 1000) / 1000f;
        }
        return v;
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        session = new SessionModel(UiExecutor.fx(), executors.timers());
        model = new ValueModel(session, UiExecutor.fx(), executors.background(), new TaskList());
        ValuePane pane = new ValuePane(model);
        // what the browser puts there: copy name, TTL, rename, delete, open in Models
        for (Feather icon : List.of(Feather.COPY, Feather.CLOCK, Feather.EDIT_2, Feather.TRASH_2, Feather.EXTERNAL_LINK)) {
            pane.actions().getChildren().add(new Button(null, new FontIcon(icon)));
        }
        scene = new Scene((Parent) pane.root(), NARROW_WIDTH, HEIGHT);
        scene.getStylesheets().add(Themes.APP_CSS);
        stage.setScene(scene);
        // TestFX hands every test the same stage, which keeps the size the last test gave it instead of the scene's
        stage.setWidth(NARROW_WIDTH);
        stage.setHeight(HEIGHT);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        pane.root().requestFocus(); // in the browser the key table has the focus, not the first action button
        session.open(redis.profile());
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            model.dispose();
            Themes.apply(false);
            return session.closeInBackground();
        }).get().get(5, TimeUnit.SECONDS);
        executors.shutdown();
    }

    @Test
    void aBigValueWaitsForReadAnywayThenShowsItsTensor(FxRobot robot) {
        connected();
        List<Double> progress = new CopyOnWriteArrayList<>();
        robot.interact(() -> model.progressProperty().addListener((obs, old, p) -> progress.add(p.doubleValue())));
        open(robot, "big:activations");

        waitUntil(10, "the guard asks", () -> visible(robot, "#read-anyway-button"));
        assertThat(text(robot, "#value-phase")).isEqualTo("Waiting for you to confirm");
        assertThat(robot.lookup(".empty-state-message").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("This value is 2.00 MiB, more than the 1.00 MiB read without asking.");
        assertThat(visible(robot, "#value-tabs")).isFalse();
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-big-guard-narrow");

        robot.clickOn("#read-anyway-button");

        waitUntil(10, "the tensor tab shows the shape", () -> visible(robot, "#value-tabs")
                && text(robot, "#tensor-summary").contains("float32 (512, 1024)"));
        assertThat(progress).contains(1.0);
        assertThat(robot.lookup("#value-progress").queryAs(ProgressBar.class).getProgress()).isEqualTo(1.0);
        assertThat(robot.lookup("#value-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText())
                .isEqualTo("Tensor");
        assertThat(text(robot, "#value-format")).isEqualTo("npy");
    }

    /**
     * A value read in chunks: the tensor, its bytes in the hex view across the chunks' seam, and the text view's start,
     * as for a value in one array.
     */
    @Test
    void aValueOfSeveralChunksShowsItsTensorHexAndText(FxRobot robot) throws Exception {
        connected();
        open(robot, "big:5mb");
        waitUntil(10, "the guard asks", () -> visible(robot, "#read-anyway-button"));

        robot.clickOn("#read-anyway-button");

        waitUntil(20, "the tensor tab shows the shape", () -> visible(robot, "#value-tabs")
                && text(robot, "#tensor-summary").contains("float32 (1280, 1024)")
                && !robot.lookup(".hist-bar").queryAll().isEmpty());
        assertThat(WaitForAsyncUtils.asyncFx(() -> model.contentProperty().get().bytes().chunks().size()).get())
                .isEqualTo(2);
        robot.clickOn("Hex");
        HexView hex = robot.lookup(".hex-view").queryAs(HexView.class);
        int perLine = WaitForAsyncUtils.asyncFx(hex::bytesPerLine).get();
        int seam = ChunkedBytes.DEFAULT_CHUNK_BYTES / perLine - 1; // the line before the seam
        assertThat(hex.getItems()).hasSize((FIVE_MB.length + perLine - 1) / perLine);
        robot.interact(() -> hex.scrollTo(seam));
        waitUntil(5, "the lines at the seam drawn", () -> cellText(robot, seam + 1) != null);
        byte[] whole = FIVE_MB;
        for (int line : new int[] {seam, seam + 1}) {
            assertThat(cellText(robot, line)).as("hex line %d", line)
                    .isEqualTo(HexView.line(ChunkedBytes.of(whole), line, perLine));
        }
        robot.clickOn("Text");
        assertThat(text(robot, "#value-text-note")).contains("of 5.00 MiB");
    }

    private static String cellText(FxRobot robot, int index) {
        return robot.lookup(".hex-view .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getIndex() == index && !c.isEmpty()).map(ListCell::getText)
                .findFirst().orElse(null);
    }

    @Test
    void aTensorShowsItsStatisticsInBothThemes(FxRobot robot) {
        connected();
        open(robot, DemoKeys.tensorKey(DemoKeys.EPOCHS, "layer0.weight"));

        waitUntil(10, "statistics shown", () -> visible(robot, "#value-tabs")
                && !robot.lookup(".hist-bar").queryAll().isEmpty());
        assertThat(text(robot, "#tensor-summary"))
                .isEqualTo("npy · layer0.weight · float32 (64, 784) · little-endian · C order · 196 KiB");
        assertThat(text(robot, "#value-facts")).endsWith("· no expiry");
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-tensor-narrow");
        wide(robot);
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-tensor");
        narrow(robot);
        robot.interact(() -> Themes.apply(true));
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-tensor-dark");

        open(robot, DemoKeys.safetensors(DemoKeys.EPOCHS));
        waitUntil(10, "a table of tensors", () -> robot.lookup(".tensor-table").queryAs(TableView.class).getItems().size() == 4);
        waitUntil(10, "statistics shown", () -> !robot.lookup(".hist-bar").queryAll().isEmpty());
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-tensors-dark");
    }

    @Test
    void aLargeHashIsPagedAndFilteredOnTheServer(FxRobot robot) {
        connected();
        open(robot, "wide");

        waitUntil(10, "first page", () -> text(robot, "#collection-loaded").equals("200 of 10,000 loaded"));
        assertThat(table(robot).getItems()).hasSize(200);

        robot.clickOn("#load-more-button");
        waitUntil(10, "second page", () -> text(robot, "#collection-loaded").equals("400 of 10,000 loaded"));

        robot.clickOn("#collection-filter").write("123");
        waitUntil(10, "filtered on the server", () -> text(robot, "#collection-loaded")
                .equals("20 matching fields loaded · scan complete"));
        assertThat(table(robot).getItems()).hasSize(20)
                .allSatisfy(r -> assertThat(((CollectionRow) r).memberText()).contains("123"));
        assertThat(robot.lookup("#load-more-button").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void hashFieldsHoldingTensorsAreSummarisedAndShown(FxRobot robot) {
        connected();
        open(robot, DemoKeys.npyHash(DemoKeys.EPOCHS));

        waitUntil(10, "rows summarised", () -> table(robot).getItems().size() == 4
                && ((CollectionRow) table(robot).getItems().get(0)).tensorSummaryProperty().get().contains("float32"));
        robot.interact(() -> {
            TableView<?> t = table(robot);
            for (int i = 0; i < t.getItems().size(); i++) {
                if (((CollectionRow) t.getItems().get(i)).memberText().equals("layer0.weight")) {
                    t.getSelectionModel().select(i);
                }
            }
        });
        waitUntil(10, "field statistics", () -> visible(robot, "#field-tensor-summary")
                && !robot.lookup(".hist-bar").queryAll().isEmpty());
        assertThat(text(robot, "#field-tensor-summary")).contains("float32 (64, 784)");
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-hash-narrow");
    }

    @Test
    void binaryValuesHaveAHexView(FxRobot robot) {
        connected();
        open(robot, DemoKeys.PICKLED_STATE_DICT);

        waitUntil(10, "shown", () -> visible(robot, "#value-tabs"));
        robot.clickOn("Hex");
        waitUntil(5, "hex lines", () -> robot.lookup(".hex-view").queryAs(ListView.class).getItems().size() > 1);
        assertThat(HexView.line(new byte[] {(byte) 0x80, 2, 'a'}, 0))
                .isEqualTo("00000000  80 02 61                                          |..a|");
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-hex-narrow");
        robot.clickOn("Text");
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-text-narrow");
        robot.clickOn("Hex");

        robot.clickOn("Tensor");
        waitUntil(5, "never executed", () -> robot.lookup(".empty-state-title").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("never executed")));
    }

    @Test
    void jsonAndAStreamFitTheNarrowPane(FxRobot robot) {
        connected();
        open(robot, DemoKeys.CONFIG);

        waitUntil(10, "the JSON tab chosen", () -> visible(robot, "#value-tabs") && robot.lookup("#value-tabs")
                .queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText().equals("JSON"));
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-json-narrow");

        open(robot, DemoKeys.EVENTS);
        waitUntil(10, "entries", () -> visible(robot, "#collection-table") && !table(robot).getItems().isEmpty());
        robot.interact(() -> table(robot).getSelectionModel().select(0));
        noHorizontalScrollBar(robot);
        UiTestSupport.screenshot(scene, "value-stream-narrow");
    }

    private void wide(FxRobot robot) {
        robot.interact(() -> {
            stage.setX(0); // inside Monocle's headless screen: its painter fails on a window past the edge
            stage.setWidth(1100);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void narrow(FxRobot robot) {
        robot.interact(() -> stage.setWidth(NARROW_WIDTH));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Nothing in the pane needs scrolling sideways at the width the browser gives it. */
    private static void noHorizontalScrollBar(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".scroll-bar").queryAllAs(ScrollBar.class).stream()
                .filter(bar -> bar.getOrientation() == Orientation.HORIZONTAL && showing(bar)))
                .as("horizontal scroll bars").isEmpty();
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private void connected() {
        waitUntil(10, "connected", () -> session.session() != null);
    }

    private void open(FxRobot robot, String key) {
        robot.interact(() -> model.open(b(key)));
    }

    private static TableView<?> table(FxRobot robot) {
        return robot.lookup("#collection-table").queryAs(TableView.class);
    }

    private static boolean visible(FxRobot robot, String query) {
        Node n = robot.lookup(query).tryQuery().orElse(null);
        return n != null && showing(n);
    }

    private static String text(FxRobot robot, String query) {
        String t = robot.lookup(query).queryAs(Label.class).getText();
        // the tensor summary keeps phrases together with no-break spaces
        return t == null ? "" : t.replace('\u00A0', ' ');
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
