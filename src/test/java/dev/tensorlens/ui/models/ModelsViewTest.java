package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModuleTree;
import dev.tensorlens.mlstate.VersionDiff;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.plots.HistogramPlot;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.support.UiTestSupport.crumbs;
import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Models view driven as a user drives it, against a real server: pick a version in the catalogue, a layer in
 * the table, look at its plots, export it, compare two versions, and watch a new version arrive while Live is on.
 */
@ExtendWith(ApplicationExtension.class)
class ModelsViewTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private ModelsView view;
    private Stage stage;

    private static final float[] W1 = values(12 * 6, 0);
    private static final float[] W2 = shifted(W1);

    private static float[] values(int n, double phase) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.41 + phase);
        }
        return v;
    }

    private static float[] shifted(float[] w) {
        float[] v = w.clone();
        v[7] += 1f;
        return v;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void hset(String key, Map<String, byte[]> fields) throws Exception {
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        fields.forEach((k, v) -> raw.put(b(k), v));
        new ValueWriter(redis.session()).hset(b(key), raw).get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void open() throws Exception {
        redis.sync().flushall();
        redis.sync().configSet("notify-keyspace-events", "");
        hset("model:tiny:v1", Map.of("fc.weight", NpyWriter.float32(new long[] {12, 6}, W1),
                "fc.bias", NpyWriter.float32(new long[] {12}, values(12, 1))));
        hset("model:tiny:v2", Map.of("fc.weight", NpyWriter.float32(new long[] {12, 6}, W2),
                "fc.bias", NpyWriter.float32(new long[] {12}, values(12, 1))));
        stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            CatalogueModel catalogue = new CatalogueModel(context.session(), context.ui(), context.tasks(), dialogs);
            context.session().open(redis.profile());
            view = new ModelsView(context, catalogue, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 800);
            view.shown(); // as the main window does when it switches to the view
        }).get();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        FxToolkit.cleanupStages();
    }

    private ModelsModel model() {
        return view.model();
    }

    private TableView<LayerRow> layerTable(FxRobot robot) {
        return robot.lookup("#layer-table").queryTableView();
    }

    /**
     * The rows have a fixed height (models.css), so the table never measures rows to estimate its length (up to 275 ms
     * of the FX thread for 500 rows on a slow machine), and the rows on screen are exactly that high.
     */
    private static void assertOneLineRowsOfAFixedHeight(TableView<?> table) {
        double fixed = table.getFixedCellSize();
        assertThat(fixed).as("a fixed row height").isGreaterThan(20);
        List<Double> heights;
        try {
            heights = WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-row-cell").stream().filter(Node::isVisible)
                    .map(row -> ((Region) row).getHeight()).toList()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(heights).isNotEmpty().allSatisfy(h -> assertThat(h).isCloseTo(fixed,
                Offset.offset(0.5)));
    }

    private void tinyListed(FxRobot robot) {
        waitUntil(15, "the newest version of tiny opened with its statistics", () ->
                layerTable(robot).getItems().size() == 2 && !model().checkpoint().statisticsPending());
    }

    /** Clicks the cell showing {@code text} once the table has laid it out (rows come a pulse after the items). */
    private static void clickCell(FxRobot robot, Node table, String text) {
        waitUntil(5, text + " on screen", () -> robot.from(table).lookup(text).tryQuery().isPresent());
        robot.clickOn(robot.from(table).lookup(text).queryAs(Node.class));
    }

    @Test
    void pickingAVersionInTheCatalogueListsItsLayers(FxRobot robot) {
        tinyListed(robot);
        clickCell(robot, layerTable(robot), "fc.bias");
        waitUntil(10, "fc.bias picked", () -> model().detail().rowProperty().get() != null
                && model().detail().rowProperty().get().name().equals("fc.bias"));
        TreeView<?> tree = robot.lookup("#models-tree").queryAs(TreeView.class);
        assertThat(robot.lookup("#models-status").queryAs(Label.class).getText()).startsWith("1 model");
        TreeItem<?> tiny = tree.getRoot().getChildren().get(0);
        assertThat(tiny.getChildren()).hasSize(2);

        clickCell(robot, tree, "v1");

        waitUntil(10, "v1 open", () -> "v1".equals(model().openVersionProperty().get().version())
                && layerTable(robot).getItems().size() == 2 && !model().checkpoint().statisticsPending());
        assertThat(layerTable(robot).getItems()).extracting(LayerRow::name).containsExactly("fc.bias", "fc.weight");
        assertOneLineRowsOfAFixedHeight(layerTable(robot));
        assertThat(robot.lookup("#layers-totals").queryAs(Label.class).getText())
                .startsWith("2 tensors · 84 parameters");
        // the same layer stays picked in the other version (not the first matrix an opening picks by itself)
        waitUntil(10, "fc.bias of v1 picked", () -> robot.lookup("#layer-facts").queryAs(Label.class).getText()
                .startsWith("float32 (12,)") && model().detail().rowProperty().get().layer().source().key()
                .equals("model:tiny:v1"));
        waitUntil(5, "the trail at tiny › v1 › fc.bias", () -> crumbs(robot.lookup("#models-trail").query())
                .equals(List.of("tiny", "v1", "fc.bias")));
    }

    @Test
    void aLayersPlotsAndItsExportAsNpy(FxRobot robot, @TempDir Path dir) throws Exception {
        tinyListed(robot);
        clickCell(robot, layerTable(robot), "fc.bias");
        waitUntil(10, "fc.bias plotted", () -> robot.lookup("#layer-facts").queryAs(Label.class).getText()
                .startsWith("float32 (12,)") && model().detail().tensorProperty().get() != null);
        HistogramPlot histogram = robot.lookup("#layer-detail").lookup(".histogram-pane").queryAs(
                HistogramPane.class).plot();
        waitUntil(10, "the histogram binned", () -> histogram.shownProperty().get() != null);
        assertThat(histogram.shownProperty().get().histograms().get(0).binnedCount()).isEqualTo(12);

        robot.clickOn("#layer-values");
        waitUntil(5, "the bias as a series", () -> robot.lookup("#layer-detail").lookup("#values-series")
                .query().isVisible());

        Path file = dir.resolve("bias.npy");
        dialogs.thenSaveTo(file);
        robot.clickOn("#layer-export");
        robot.clickOn("Values as .npy…");
        waitUntil(10, "saved", () -> robot.lookup("#layer-export-message").queryAs(Label.class).getText()
                .startsWith("Saved "));
        DecodeResult back = NpyCodec.decode(Files.readAllBytes(file));
        assertThat(back).isInstanceOf(DecodeResult.Decoded.class);
        Tensor t = ((DecodeResult.Decoded) back).tensors().get(0);
        assertThat(t.shape()).containsExactly(12);
        float[] expected = values(12, 1);
        for (int i = 0; i < 12; i++) {
            assertThat(t.getDouble(i)).isEqualTo(expected[i]);
        }
    }

    @Test
    void theModulesAreATreeOfTheLayersAndPickingOneThereShowsIt(FxRobot robot) {
        tinyListed(robot);
        waitUntil(10, "the first matrix picked by itself", () -> model().detail().rowProperty().get() != null
                && model().detail().rowProperty().get().name().equals("fc.weight"));

        robot.clickOn("#layers-modules-mode");
        TreeTableView<ModuleTree.Node> modules =
                robot.lookup("#module-table").query();
        waitUntil(10, "the module tree shown", () -> modules.isVisible() && modules.getRoot() != null);
        TreeItem<ModuleTree.Node> fc = modules.getRoot().getChildren().get(0);
        assertThat(fc.getValue().name()).isEqualTo("fc");
        assertThat(fc.getValue().parameters()).as("12 × 6 weights and 12 biases").isEqualTo(84);
        assertThat(fc.isExpanded()).isTrue();
        assertThat(fc.getChildren()).extracting(item -> item.getValue().name()).containsExactlyInAnyOrder("weight", "bias");
        // the layer picked before the tree was made is the one picked in it
        waitUntil(5, "fc.weight picked in the tree", () -> modules.getSelectionModel().getSelectedItem() != null
                && modules.getSelectionModel().getSelectedItem().getValue().path().equals("fc.weight"));

        clickCell(robot, modules, "bias");
        waitUntil(10, "fc.bias picked", () -> model().detail().rowProperty().get().name().equals("fc.bias")
                && robot.lookup("#layer-facts").queryAs(Label.class).getText().startsWith("float32 (12,)"));
    }

    @Test
    void comparingTwoVersionsShowsWhereTheyDiffer(FxRobot robot) {
        tinyListed(robot);
        robot.clickOn(robot.lookup("#models-tabs .tab-label").match(n -> "Compare".equals(((Label) n).getText()))
                .queryAs(Node.class));
        TableView<ComparisonRow> pairs = robot.lookup("#comparison-table").queryTableView();
        waitUntil(15, "v1 → v2 compared", () -> pairs.getItems().size() == 2
                && pairs.getItems().stream().allMatch(r -> r.resultProperty().get() != null));
        assertOneLineRowsOfAFixedHeight(pairs);
        ComparisonRow weight = pairs.getItems().stream().filter(r -> r.name().equals("fc.weight")).findFirst().orElseThrow();
        assertThat(weight.pair().status()).isEqualTo(VersionDiff.Status.COMPARABLE);
        assertThat(weight.resultProperty().get().maxAbsDiff()).isEqualTo(1.0, Offset.offset(1e-6));

        clickCell(robot, pairs, "fc.weight");
        waitUntil(10, "the difference as a heatmap", () -> model().comparison().differenceProperty().get() != null
                && robot.lookup("#compare-difference").query().isVisible());
        Tensor diff = model().comparison().differenceProperty().get();
        assertThat(diff.getDouble(7)).isEqualTo(1.0, Offset.offset(1e-6));
        assertThat(diff.getDouble(8)).isZero();
    }

    @Test
    void aLayerWithANanReadsInRed(FxRobot robot) throws Exception {
        tinyListed(robot);
        float[] sick = W1.clone();
        sick[3] = Float.NaN;
        hset("model:tiny:v3", Map.of("fc.weight", NpyWriter.float32(new long[] {12, 6}, sick),
                "fc.bias", NpyWriter.float32(new long[] {12}, values(12, 1))));
        robot.interact(() -> model().refresh());
        TreeView<?> tree = robot.lookup("#models-tree").queryAs(TreeView.class);
        waitUntil(10, "v3 in the catalogue", () -> tree.getRoot().getChildren().get(0).getChildren().size() == 3);
        clickCell(robot, tree, "v3");
        waitUntil(10, "v3 open with its statistics", () -> "v3".equals(model().openVersionProperty().get().version())
                && layerTable(robot).getItems().size() == 2 && !model().checkpoint().statisticsPending());
        WaitForAsyncUtils.waitForFxEvents();

        Map<String, TableRow<?>> rows = new HashMap<>();
        layerTable(robot).lookupAll(".table-row-cell").stream().map(n -> (TableRow<?>) n)
                .filter(row -> row.getItem() != null).forEach(row -> rows.put(((LayerRow) row.getItem()).name(), row));
        assertThat(rows).containsOnlyKeys("fc.bias", "fc.weight");
        assertThat(rows.get("fc.weight").getPseudoClassStates()).as("a NaN flags the layer")
                .contains(PseudoClass.getPseudoClass("flagged"));
        assertThat(rows.get("fc.bias").getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("flagged"));
        assertThat(nameCellColour(rows.get("fc.weight"), "fc.weight")).as("the flagged layer reads in another colour")
                .isNotEqualTo(nameCellColour(rows.get("fc.bias"), "fc.bias"));
    }

    private static Paint nameCellColour(TableRow<?> row, String name) {
        return row.lookupAll(".table-cell").stream().map(n -> (TableCell<?, ?>) n)
                .filter(cell -> name.equals(cell.getText())).findFirst().orElseThrow().getTextFill();
    }

    @Test
    void aVersionWrittenWhileLiveIsOnAppearsByItself(FxRobot robot) throws Exception {
        tinyListed(robot);
        dialogs.thenConfirm(true);
        // ControlsFX's switch turns when its track is clicked
        robot.clickOn(robot.lookup("#models-live").lookup(".thumb-area").queryAs(Node.class));
        waitUntil(10, "following", () -> model().catalogue().liveMessageProperty().get() != null
                && model().catalogue().liveMessageProperty().get().startsWith("Live:"));
        assertThat(dialogs.asked()).containsExactly("notifications-dialog: Turn on keyspace notifications?");

        hset("model:tiny:v3", Map.of("fc.weight", NpyWriter.float32(new long[] {12, 6}, values(72, 2)),
                "fc.bias", NpyWriter.float32(new long[] {12}, values(12, 1))));

        TreeView<?> tree = robot.lookup("#models-tree").queryAs(TreeView.class);
        waitUntil(10, "v3 in the catalogue", () -> tree.getRoot().getChildren().get(0).getChildren().size() == 3);
        waitUntil(10, "the comparison follows the newest version", () ->
                "v3".equals(model().comparison().afterProperty().get()));
        assertThat(model().openVersionProperty().get().version()).as("the open checkpoint stays").isEqualTo("v2");
    }
}
