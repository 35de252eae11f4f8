package dev.tensorlens.ui;

import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.MainWindowTestBase;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import dev.tensorlens.ui.models.ComparisonRow;
import dev.tensorlens.ui.models.LayerRow;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static dev.tensorlens.support.UiTestSupport.shown;
import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes every view to {@code target/screenshots/<view>.png} and {@code <view>-dark.png} (and a few states worth
 * looking at), against a real server holding the demo data, and checks in the scene graph that each picture shows
 * what the user must see there: the view's title, its main control, no error banner, the theme asked for. Open the
 * PNGs after a change to a view.
 */
class ScreenshotTest extends MainWindowTestBase {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final String BULK_DELETE = "Deleting 1,800 keys under bulk:";
    static final String BULK_PROGRESS = "Deleting… 720 of 1,800 keys";

    @BeforeEach
    void seed() {
        try (RedisSession s = RedisSession.open(redis.profile()).join()) {
            DemoSeeder.seed(s).join();
        }
    }

    @Test
    void everyViewConnected(FxRobot robot) throws Exception {
        everyViewConnected(robot, false);
    }

    @Test
    void everyViewConnectedInTheDarkTheme(FxRobot robot) throws Exception {
        everyViewConnected(robot, true);
    }

    private void everyViewConnected(FxRobot robot, boolean dark) throws Exception {
        connect(robot);
        robot.interact(() -> window.model().darkThemeProperty().set(dark));
        for (ViewId id : ViewId.values()) {
            robot.interact(() -> window.show(id));
            Node view = shownView();
            switch (id) {
                case BROWSER -> {
                    assertThat(title(view)).isEqualTo("Browser");
                    TableView<?> keys = (TableView<?>) view.lookup("#key-table");
                    waitUntil(10, "the demo's keys listed", () -> !keys.getItems().isEmpty());
                    assertThat(shown(keys)).as("the key table is shown").isTrue();
                }
                case MODELS -> {
                    assertThat(title(view)).isEqualTo("Models");
                    // the newest checkpoint opens a frame after the catalogue lists it: its table is looked for until
                    // it is there
                    waitUntil(15, "the newest digits-mlp checkpoint's layers with their statistics", () -> {
                        TableView<?> layers = (TableView<?>) view.lookup("#layer-table");
                        return layers != null && !layers.getItems().isEmpty() && layers.getItems().stream()
                                .allMatch(r -> ((LayerRow) r).stats() != null || !((LayerRow) r).layer().readable());
                    });
                    assertThat(shown(view.lookup("#layer-table"))).as("the layer table is shown").isTrue();
                    assertThat(shown(view.lookup("#models-tree"))).as("the catalogue").isTrue();
                    assertThat(text(view, "#layers-totals")).contains("parameters");
                }
                case DATA -> {
                    assertThat(title(view)).isEqualTo("Data");
                    waitUntil(15, "the first cached batch drawn as images", () ->
                            shown(view.lookup("#data-images-grid")) && view.lookup(".image-badge") != null);
                    assertThat(shown(view.lookup("#data-tree"))).as("the array list").isTrue();
                    assertThat(text(view, "#data-facts")).contains("(32, 28, 28)");
                }
                case DATASETS -> {
                    assertThat(title(view)).isEqualTo("Datasets");
                    openDigits(robot);
                    waitUntil(20, "digits measured, its leak named", () -> shown(view.lookup("#leaked-train-test")));
                    assertThat(shown(view.lookup("#datasets-tree"))).as("the dataset list").isTrue();
                    assertThat(text(view, "#leaked-train-test")).isEqualTo(DemoSeeder.LEAKED_IDS.stream()
                            .map(String::valueOf).collect(Collectors.joining(", ")));
                    waitUntil(20, "the class balance of each split", () -> shown(view.lookup("#class-balance-chart")));
                }
                case SERVER -> {
                    waitUntil(10, "server cards shown", () -> view.lookup("#stat-keys") != null);
                    assertThat(title(view)).isEqualTo("Server");
                    assertThat(((Label) view.lookup("#stat-keys")).getText())
                            .isEqualTo(Integer.toString(DemoSeeder.KEYS.size()));
                    assertThat(view.lookupAll(".stat-card")).hasSizeGreaterThan(3).allMatch(UiTestSupport::shown);
                }
                case PERSISTENCE -> {
                    assertThat(title(view)).isEqualTo("Persistence");
                    waitUntil(15, "the server's card with its verdict", () -> shown(view.lookup(".master-card"))
                            && view.lookup(".verdict") instanceof Label v && !v.getText().isBlank());
                    assertThat(text(view, "#fact-schedule")).isNotBlank();
                    assertThat(shown(view.lookup("#persist-bgsave"))).as("the actions").isTrue();
                }
            }
            assertNoErrorBanner(robot);
            WaitForAsyncUtils.waitForFxEvents();
            assertScreenshot(id.slug() + (dark ? "-dark" : ""), dark);
        }
    }

    /** Opens the demo's digits dataset, as a split key's "Open in Datasets" link does. */
    private void openDigits(FxRobot robot) {
        robot.interact(() -> window.open(ViewId.DATASETS, ViewTarget.key(
                DemoKeys.TRAIN.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theDatasetsViewsMembers(FxRobot robot) throws Exception {
        datasetsMembers(robot, false);
    }

    @Test
    void theDatasetsViewsMembersInTheDarkTheme(FxRobot robot) throws Exception {
        datasetsMembers(robot, true);
    }

    /** The demo's digits train split listed a page at a time, one id selected, and the ids looked up. */
    private void datasetsMembers(FxRobot robot, boolean dark) throws Exception {
        String suffix = dark ? "-dark" : "";
        connect(robot);
        robot.interact(() -> window.model().darkThemeProperty().set(dark));
        robot.interact(() -> window.show(ViewId.DATASETS));
        Node view = shownView();
        waitUntil(20, "the digits dataset listed", () -> shown(view.lookup("#datasets-tree"))
                && ((TreeView<?>) view.lookup("#datasets-tree")).getRoot().getChildren().size() > 1);
        openDigits(robot);
        TabPane tabs = (TabPane) view.lookup(".tab-pane");
        robot.interact(() -> tabs.getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        TableView<Object> members = (TableView<Object>) view.lookup("#member-table");
        waitUntil(15, "train's first page", () -> members.getItems().size() > 10);
        robot.interact(() -> members.getSelectionModel().selectRange(2, 5));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(view, "#member-status")).startsWith("Members 1–");
        assertNoErrorBanner(robot);
        assertScreenshot("datasets-members" + suffix, dark);

        robot.interact(() -> tabs.getSelectionModel().select(2));
        robot.clickOn("#lookup-ids").write("7 42 1999 5000");
        robot.clickOn("#lookup-find");
        @SuppressWarnings("unchecked")
        TableView<Object> found = (TableView<Object>) view.lookup("#lookup-table");
        waitUntil(15, "four answers", () -> found.getItems().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("datasets-lookup" + suffix, dark);
    }

    @Test
    void theModelsViewsTabs(FxRobot robot) throws Exception {
        modelsTabs(robot, false);
    }

    @Test
    void theModelsViewsTabsInTheDarkTheme(FxRobot robot) throws Exception {
        modelsTabs(robot, true);
    }

    /**
     * Each tab of the Models view on the demo's newest digits-mlp checkpoint: the picked layer's values as a heatmap,
     * the layers as a module tree, the per-layer overview, a comparison with a layer picked, and that layer's history across versions.
     */
    private void modelsTabs(FxRobot robot, boolean dark) throws Exception {
        String suffix = dark ? "-dark" : "";
        connect(robot);
        robot.interact(() -> window.model().darkThemeProperty().set(dark));
        robot.interact(() -> window.show(ViewId.MODELS));
        Node view = shownView();
        // the checkpoint opens by itself a frame after the view lists it: its pane is looked for until it is there
        waitUntil(15, "a layer picked and its distribution plotted", () -> {
            Node d = view.lookup("#layer-detail");
            return d != null && d.lookup("#layer-facts") instanceof Label l && l.getText().startsWith("float32 (64, 784)")
                    && shown(d.lookup(".histogram-pane"));
        });
        Node detail = view.lookup("#layer-detail");
        robot.clickOn("#layer-values");
        waitUntil(10, "the picked matrix as a heatmap", () -> shown(detail.lookup("#values-heatmap")));
        assertNoErrorBanner(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("models-values" + suffix, dark);

        robot.clickOn("#layers-modules-mode");
        waitUntil(10, "the module tree with the picked layer", () -> view.lookup("#module-table")
                instanceof TreeTableView<?> modules && shown(modules) && modules.getRoot() != null
                && modules.getSelectionModel().getSelectedItem() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("models-modules" + suffix, dark);
        robot.clickOn("#layers-table-mode");

        selectTab(robot, view, "overview-tab");
        waitUntil(10, "the overview's bars", () -> shown(view.lookup("#overview-chart")));
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("models-overview" + suffix, dark);

        selectTab(robot, view, "compare-tab");
        @SuppressWarnings("unchecked")
        TableView<ComparisonRow> pairs = (TableView<ComparisonRow>) view.lookup("#comparison-table");
        waitUntil(15, "v2 and v3 compared layer by layer", () -> !pairs.getItems().isEmpty());
        robot.interact(() -> pairs.getSelectionModel().select(pairs.getItems().stream()
                .filter(r -> r.name().endsWith("weight")).findFirst().orElseThrow()));
        waitUntil(15, "the difference plotted", () -> shown(view.lookup("#compare-difference")));
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("models-compare" + suffix, dark);

        selectTab(robot, view, "history-tab");
        waitUntil(15, "the layer across three versions", () -> shown(view.lookup("#history-bands")));
        WaitForAsyncUtils.waitForFxEvents();
        assertNoErrorBanner(robot);
        assertScreenshot("models-history" + suffix, dark);
    }

    @Test
    void theDataViewsPreviews(FxRobot robot) throws Exception {
        dataPreviews(robot, false);
    }

    @Test
    void theDataViewsPreviewsInTheDarkTheme(FxRobot robot) throws Exception {
        dataPreviews(robot, true);
    }

    /**
     * The Data view's previews on the demo's cached data: an RGB batch with its labels, one image zoomed, a batch as a
     * table with its column statistics, the summary with the class balance, and token ids as text.
     */
    private void dataPreviews(FxRobot robot, boolean dark) throws Exception {
        String suffix = dark ? "-dark" : "";
        connect(robot);
        robot.interact(() -> window.model().darkThemeProperty().set(dark));
        robot.interact(() -> window.show(ViewId.DATA));
        Node view = shownView();
        openArray(robot, view, "cache:digits:rgb:0:images");
        waitUntil(15, "sixteen coloured digits with their labels", () -> shown(view.lookup("#data-images-grid"))
                && view.lookupAll(".image-badge").size() == 16);
        WaitForAsyncUtils.waitForFxEvents();
        assertNoErrorBanner(robot);
        assertScreenshot("data-images" + suffix, dark);

        openArray(robot, view, "cache:digits:chw:0:x");
        waitUntil(15, "the ImageNet-normalised batch drawn", () -> shown(view.lookup("#data-images-grid"))
                && view.lookupAll(".image-badge").size() == 16);
        robot.clickOn("#data-images-imagenet");
        robot.interact(() -> { });
        Node grid = view.lookup("#data-images-grid");
        robot.moveTo(robot.point(grid).atPosition(Pos.TOP_LEFT)).moveBy(20, 20)
                .clickOn(MouseButton.PRIMARY);
        waitUntil(10, "one image large", () -> shown(view.lookup("#data-images-zoom")));
        robot.moveBy(30, 30);
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("data-image-zoom" + suffix, dark);

        openArray(robot, view, "cache:digits:batch:0:normalized");
        robot.clickOn("#data-mode-table");
        waitUntil(15, "the batch's rows with each column's statistics", () -> shown(view.lookup("#data-table"))
                && view.lookup(".column-stat") != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("data-table" + suffix, dark);

        robot.clickOn("#data-mode-summary");
        waitUntil(15, "the summary and the class balance", () -> shown(view.lookup("#data-class-balance"))
                && shown(view.lookup("#data-summary-cards")));
        WaitForAsyncUtils.waitForFxEvents();
        assertScreenshot("data-summary" + suffix, dark);

        openArray(robot, view, "cache:text:reviews:tokens");
        waitUntil(15, "the token ids of each review", () -> shown(view.lookup("#data-text"))
                && !((TableView<?>) view.lookup("#data-text")).getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertNoErrorBanner(robot);
        assertScreenshot("data-text" + suffix, dark);
    }

    /** Picks the array at {@code key} in the Data view's list once the catalogue has listed it. */
    private static void openArray(FxRobot robot, Node view, String key) {
        @SuppressWarnings("unchecked")
        TreeView<Object> tree = (TreeView<Object>) view.lookup("#data-tree");
        waitUntil(15, key + " listed", () -> find(tree.getRoot(), key) != null);
        robot.interact(() -> tree.getSelectionModel().select(find(tree.getRoot(), key)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static TreeItem<Object> find(TreeItem<Object> item, String key) {
        if (item.getValue() != null && item.getValue().toString().contains("key=" + key + ",")) {
            return item;
        }
        for (TreeItem<Object> child : item.getChildren()) {
            TreeItem<Object> found = find(child, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void selectTab(FxRobot robot, Node view, String id) {
        TabPane tabs = (TabPane) view.lookup("#models-tabs");
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    @Test
    void theTaskListWithAJobRunning(FxRobot robot) throws Exception {
        connect(robot);
        robot.interact(() -> window.show(ViewId.BROWSER));
        waitUntil(10, "the demo's keys listed", () -> !((TableView<?>) robot.lookup("#key-table").query()).getItems().isEmpty());
        AtomicReference<Job<Void>> job = new AtomicReference<>();
        // a listed job that runs until it is cancelled, as a bulk delete would
        robot.interact(() -> job.set(new Jobs(context.ui()).<Void>job(BULK_DELETE).listedIn(context.tasks())
                .startWithContext(c -> {
                    c.progress(0.4, BULK_PROGRESS);
                    return new CompletableFuture<>();
                })));
        try {
            Node drawer = robot.lookup("#task-drawer").query();
            waitUntil(5, "the drawer with the job's progress", () -> shown(drawer)
                    && drawer.lookup(".task-message") instanceof Label message && BULK_PROGRESS.equals(message.getText()));
            assertTaskListed(robot, drawer);
            assertScreenshot("tasks", false);

            robot.interact(() -> window.model().darkThemeProperty().set(true));
            WaitForAsyncUtils.waitForFxEvents();
            assertTaskListed(robot, drawer);
            assertScreenshot("tasks-dark", true);

            robot.clickOn(".task-cancel-button");
            waitUntil(5, "the job cancelled", () -> job.get().stateProperty().get() == Job.State.CANCELLED);
            waitUntil(5, "the drawer hidden", () -> !drawer.isVisible() && !drawer.isManaged());
            assertThat(robot.lookup("#tasks-button").queryAs(Button.class).isVisible()).isFalse();
            assertThat(context.tasks().running()).isEmpty();
        } finally {
            job.get().cancel();
        }
    }

    /** The drawer above the status bar, with the job's title, progress and message, and the status bar's count. */
    private void assertTaskListed(FxRobot robot, Node drawer) {
        assertThat(text(drawer, ".task-drawer-title")).isEqualTo("Tasks");
        assertThat(text(drawer, ".task-title")).isEqualTo(BULK_DELETE);
        assertThat(text(drawer, ".task-message")).isEqualTo(BULK_PROGRESS);
        assertThat(((ProgressBar) drawer.lookup(".task-progress-bar")).getProgress()).isEqualTo(0.4);
        assertThat(shown(drawer.lookup(".task-cancel-button"))).as("the Cancel button").isTrue();
        assertThat(drawer.lookup("#task-list")).isInstanceOf(TaskProgressView.class);
        Button count = robot.lookup("#tasks-button").queryAs(Button.class);
        assertThat(shown(count)).as("the status bar's task count").isTrue();
        assertThat(count.getText()).isEqualTo("1 task");
        Bounds drawerBounds = drawer.localToScene(drawer.getLayoutBounds());
        Node statusBar = robot.lookup("#statusBar").query();
        assertThat(drawerBounds.getMaxY()).as("the drawer sits above the status bar")
                .isLessThanOrEqualTo(statusBar.localToScene(statusBar.getLayoutBounds()).getMinY() + 0.5);
        Node cancel = drawer.lookup(".task-cancel-button");
        assertThat(drawerBounds.contains(cancel.localToScene(cancel.getLayoutBounds())))
                .as("the Cancel button lies inside the drawer").isTrue();
        assertNoErrorBanner(robot);
    }

    @Test
    void notConnectedAndConnectionManager(FxRobot robot) throws Exception {
        robot.interact(() -> window.show(ViewId.SERVER));
        WaitForAsyncUtils.waitForFxEvents();
        Node view = shownView();
        assertThat(text(view, ".empty-state-title")).isEqualTo("Not connected");
        assertNoErrorBanner(robot);
        assertScreenshot("not-connected", false);

        robot.interact(window::openConnectionManager);
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.connectDialog().stage().getScene(), "connections"));
    }

    @Test
    void serverGoneAway(FxRobot robot) throws Exception {
        connect(robot);
        redis.kill();
        try {
            waitUntil(5, "disconnected", () -> robot.lookup("#statusState").queryAs(Label.class)
                    .getText().startsWith("Disconnected"));
            WaitForAsyncUtils.waitForFxEvents();
            assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "disconnected"));
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void connectionThatFails(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(ConnectionProfile.builder()
                .name("Staging").host("127.0.0.1").port(1).build()));
        waitUntil(10, "error banner shown", () -> robot.lookup("#errorBanner").queryAs(Node.class).isVisible());
        assertThat(robot.lookup("#errorText").queryAs(Label.class).getText())
                .isEqualTo("Connecting to Staging (127.0.0.1:1) failed: the connection was refused: no Redis server is listening there.");
        WaitForAsyncUtils.waitForFxEvents();
        assertRealImage(UiTestSupport.screenshot(window.stage().getScene(), "connect-failed"));
    }

    private void connect(FxRobot robot) {
        robot.interact(() -> window.open(redis.profile().toBuilder().name("Demo data").build()));
        waitUntil(10, "connected", () -> robot.lookup("#statusState").queryAs(Label.class).getText().equals("Connected"));
        waitUntil(5, "version shown", () -> !robot.lookup("#statusVersion").queryAs(Label.class).getText().isEmpty());
    }

    /** The one view shown in the shell's content area (the others made there stay hidden). */
    private Node shownView() {
        StackPane content = (StackPane) window.stage().getScene().lookup("#content");
        List<Node> shownViews = content.getChildren().stream().filter(UiTestSupport::shown).toList();
        assertThat(shownViews).hasSize(1);
        return shownViews.get(0);
    }

    /** A view header's title, or an empty state's. */
    private static String title(Node view) {
        Node header = view.lookup(".view-title");
        return text(view, header != null ? ".view-title" : ".empty-state-title");
    }

    private static String text(Node parent, String selector) {
        Node n = parent.lookup(selector);
        assertThat(n).as(selector + " in " + parent).isInstanceOf(Label.class);
        assertThat(shown(n)).as(selector + " shown").isTrue();
        return ((Label) n).getText();
    }

    /** The shell's error banner ({@code #errorBanner} in ShellView.fxml) is neither shown nor taking room. */
    private static void assertNoErrorBanner(FxRobot robot) {
        Node banner = robot.lookup("#errorBanner").query();
        assertThat(banner.isVisible() || banner.isManaged()).as("the error banner is showing: "
                + robot.lookup("#errorText").queryAs(Label.class).getText()).isFalse();
    }

    /** Writes the main window as {@code <name>.png}: a real picture, light or dark as asked. */
    private void assertScreenshot(String name, boolean dark) throws Exception {
        Path png = UiTestSupport.screenshot(window.stage().getScene(), name);
        assertRealImage(png);
        double luminance = meanLuminance(ImageIO.read(png.toFile()));
        if (dark) {
            assertThat(luminance).as(png + " is dark").isLessThan(0.35);
        } else {
            assertThat(luminance).as(png + " is light").isGreaterThan(0.65);
        }
    }

    /** A PNG that is not blank: the snapshot really rendered something. */
    private static void assertRealImage(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(600);
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                if (image.getRGB(x, y) != first) {
                    varied = true;
                    break;
                }
            }
        }
        assertThat(varied).as(png + " has content").isTrue();
    }

    /** 0 (black) … 1 (white), over a grid of samples. */
    private static double meanLuminance(BufferedImage image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 5) {
            for (int x = 0; x < image.getWidth(); x += 5) {
                int rgb = image.getRGB(x, y);
                sum += (0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF)) / 255;
                n++;
            }
        }
        return sum / n;
    }
}
