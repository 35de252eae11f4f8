package dev.tensorlens.ui.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;
import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.tensor.image.ImageNormalisation;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewTarget;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.plots.LayerBarChart;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Data view driven as a user drives it, on arrays written by numpy and redis-py (the files under
 * src/test/resources/dev/tensorlens/data, made by make_arrays.py, SET and HSET as a Python user writes them): the
 * table shows the numbers numpy prints, an image batch is a grid with each image's label, the summary counts the
 * classes, text is listed, and the rows shown export as an .npy numpy reads back.
 */
@ExtendWith(ApplicationExtension.class)
class DataViewTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    static final String BATCH = "cache:py:batch:0:x";
    static final String IMAGES = "cache:py:batch:0:images";
    static final String LABELS = "cache:py:batch:0:labels";
    static final String FORTRAN = "cache:py:features:fortran";
    static final String REVIEWS = "cache:py:reviews";

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private DataView view;
    private CatalogueModel catalogue;
    private Stage stage;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = DataViewTest.class.getResourceAsStream("/dev/tensorlens/data/" + name)) {
            return in.readAllBytes();
        }
    }

    /** What numpy said about each fixture (expected.json): its printed rows, statistics, bincount. */
    static JsonNode expected(String name) throws IOException {
        return new ObjectMapper().readTree(fixture("expected.json")).get("arrays").get(name);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void open() throws Exception {
        redis.sync().flushall();
        ValueWriter w = new ValueWriter(redis.session());
        w.set(b(BATCH), fixture("batch_f32.npy")).get(10, TimeUnit.SECONDS);
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        raw.put(b("data"), fixture("images_u8.bin"));
        raw.put(b("dtype"), b("uint8"));
        raw.put(b("shape"), b("[32, 28, 28]"));
        w.hset(b(IMAGES), raw).get(10, TimeUnit.SECONDS);
        w.set(b(LABELS), fixture("labels_i64.npy")).get(10, TimeUnit.SECONDS);
        w.set(b(FORTRAN), fixture("fortran_f64.npy")).get(10, TimeUnit.SECONDS);
        Map<byte[], byte[]> tutorial = new LinkedHashMap<>();
        tutorial.put(b("features"), fixture("features.json"));
        tutorial.put(b("labels"), fixture("labels.json"));
        w.hset(b("preprocessed_data"), tutorial).get(10, TimeUnit.SECONDS);
        w.rpush(b(REVIEWS), b("a fine little model"), b("labels shifted by one?"), b("")).get(10, TimeUnit.SECONDS);
        w.set(b("cache:py:text:vocab"), b("[\"<pad>\", \"<unk>\", \"a\", \"fine\", \"model\", \"bad\"]"))
                .get(10, TimeUnit.SECONDS);
        byte[] npy = fixture("batch_f32.npy");
        w.set(b("cache:py:broken"), Arrays.copyOf(npy, 1000)).get(10, TimeUnit.SECONDS); // a failed write
        w.rpush(b("cache:py:text:reviews:tokens"), b("[2, 3, 4]"), b("[5, 4, 9, 0]")).get(10, TimeUnit.SECONDS);

        stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            catalogue = new CatalogueModel(context.session(), context.ui(), context.tasks(), dialogs);
            context.session().open(redis.profile());
            view = new DataView(context, catalogue, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 780);
            view.shown(); // as the main window does when it switches to the view
        }).get();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        FxToolkit.cleanupStages();
    }

    private DataModel model() {
        return view.model();
    }

    /** Opens {@code key} (and field) as "Open in Data" would, once the catalogue lists it. */
    private void openArray(FxRobot robot, String key, String field) {
        waitUntil(15, key + " listed", () -> model().groups().stream().flatMap(g -> g.arrays().stream())
                .anyMatch(a -> a.location().key().equals(key)));
        robot.interact(() -> view.open(new ViewTarget(b(key), field)));
        waitUntil(15, key + " opened", () -> model().phaseProperty().get() == DataModel.Phase.LOADED);
    }

    /** Deletes {@code key} and walks the catalogue again, until it no longer lists the key. */
    private void deleteAndRescan(FxRobot robot, String key) {
        redis.sync().del(key);
        robot.interact(catalogue::rescan);
        waitUntil(15, "the catalogue without " + key, () -> catalogue.phaseProperty().get()
                == CatalogueModel.Phase.READY && model().groups().stream().flatMap(g -> g.arrays().stream())
                .noneMatch(a -> a.location().key().equals(key)));
    }

    private void showMode(FxRobot robot, DataModel.Mode mode) {
        String id = "#data-mode-" + mode.name().toLowerCase(Locale.ROOT);
        robot.clickOn(id);
        waitUntil(5, mode + " shown", () -> model().modeProperty().get() == mode);
    }

    @SuppressWarnings("unchecked")
    private static TableView<Long> table(FxRobot robot) {
        return robot.lookup("#data-table").queryAs(TableView.class);
    }

    /** The batch opened as a table, once its first page of 32 rows is in. */
    private TableView<Long> batchTableFirstPage(FxRobot robot) {
        openArray(robot, BATCH, null);
        showMode(robot, DataModel.Mode.TABLE);
        TableView<Long> t = table(robot);
        waitUntil(10, "the first page of rows", () -> t.getItems().size() == 32);
        return t;
    }

    /** The cell texts of row {@code r} of the table, value columns only (after "row" and "label"). */
    private static List<String> rowCells(TableView<Long> t, int r) {
        List<String> cells = new ArrayList<>();
        for (TableColumn<Long, ?> c : t.getColumns()) {
            if (c.getText() == null || c.getText().isEmpty()) {
                cells.add(String.valueOf(c.getCellData(r)));
            }
        }
        return cells;
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the cells of row {@code r} show on screen, value columns only, left to right. */
    private static List<String> rowOnScreen(TableView<Long> t, int r) {
        return t.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof PlainTextCell<?> c && c.getIndex() == r && c.isVisible()
                        && c.getTableColumn() != null
                        && (c.getTableColumn().getText() == null || c.getTableColumn().getText().isEmpty())
                        && c.getParent() != null && c.getTableRow() != null && c.getTableRow().isVisible())
                .map(n -> (PlainTextCell<?>) n)
                .sorted(Comparator.comparingInt(c -> t.getVisibleLeafIndex(
                        (TableColumn<Long, ?>) c.getTableColumn())))
                .map(PlainTextCell::shownText)
                .toList();
    }

    private static List<String> numpyCells(JsonNode expected, int row) {
        return List.of(expected.get("rows").get(row).asText().trim().split("\\s+"));
    }

    @Test
    void theTableShowsTheNumbersNumpyPrintsWithEachRowsLabel(FxRobot robot) throws Exception {
        TableView<Long> t = batchTableFirstPage(robot);
        JsonNode numpy = expected("batch_f32.npy");
        int window = model().table().pageProperty().get().columns();
        for (int r = 0; r < 3; r++) {
            // the first window of columns on screen holds the first numbers numpy prints for the row
            assertThat(rowCells(t, r)).containsExactlyElementsOf(numpyCells(numpy, r).subList(0, window));
        }
        waitUntil(10, "each row's label from the labels beside the batch", () -> t.getColumns().stream()
                .anyMatch(c -> "label".equals(c.getText())));
        TableColumn<Long, ?> label = t.getColumns().stream().filter(c -> "label".equals(c.getText())).findFirst()
                .orElseThrow();
        List<String> labels = numpyCells(expected("labels_i64.npy"), 0);
        for (int r = 0; r < 32; r++) {
            assertThat(label.getCellData(r)).isEqualTo(labels.get(r));
        }
        assertThat(robot.lookup("#data-table-rows").queryAs(Label.class).getText()).isEqualTo("rows 1–32 of 32");

        robot.clickOn("#data-table-right");
        waitUntil(10, "the next window of columns", () -> model().table().pageProperty().get() != null
                && model().table().pageProperty().get().firstColumn() == window);
        assertThat(rowCells(t, 0)).containsExactlyElementsOf(numpyCells(numpy, 0).subList(window, 2 * window));
    }

    @Test
    void theListSaysEachArraysDtypeShapeAndSize(FxRobot robot) {
        openArray(robot, BATCH, null);
        waitUntil(15, "the listed arrays described from their headers", () -> model().listedFacts().size() >= 6);
        Map<String, String> byKey = new HashMap<>();
        model().listedFacts().forEach((a, words) -> byKey.put(a.location().key()
                + (a.location().field() == null || a.type() != RedisType.HASH
                || !a.location().key().equals("preprocessed_data") ? "" : "." + a.location().field()), words));
        assertThat(byKey).containsEntry(BATCH, "float32 (32, 784) · 98.0 KiB")
                .containsEntry(IMAGES, "uint8 (32, 28, 28) · 24.5 KiB")
                .containsEntry(LABELS, "int64 (32,) · 256 B")
                .containsEntry(REVIEWS, "text · 3 items");
    }

    @Test
    void aTruncatedNpySaysWhatIsWrongAndTheViewGoesOn(FxRobot robot) {
        waitUntil(15, "the broken value listed", () -> model().groups().stream().flatMap(g -> g.arrays().stream())
                .anyMatch(a -> a.location().key().equals("cache:py:broken")));
        robot.interact(() -> view.open(new ViewTarget(b("cache:py:broken"), null)));
        waitUntil(15, "the header refused in words", () -> model().phaseProperty().get() == DataModel.Phase.FAILED);
        EmptyStateText state = new EmptyStateText(robot.lookup("#data-state").queryAs(EmptyState.class));
        assertThat(state.visible()).isTrue();
        assertThat(state.message()).contains("npy").contains("872 bytes").contains("needs 100352 bytes");

        openArray(robot, BATCH, null); // and the next array opens as if nothing happened
        assertThat(model().headerProperty().get().shape()).containsExactly(32, 784);
    }

    /** What an empty state says, read from its labels. */
    private record EmptyStateText(EmptyState state) {
        boolean visible() {
            return state.isVisible();
        }

        String message() {
            return ((Label) state.lookup(".empty-state-message")).getText();
        }
    }

    @Test
    void aFortranOrderArrayReadsInNumpysRowOrder(FxRobot robot) throws Exception {
        openArray(robot, FORTRAN, null);
        TableView<Long> t = table(robot);
        waitUntil(10, "five rows", () -> t.getItems().size() == 5);
        JsonNode numpy = expected("fortran_f64.npy");
        for (int r = 0; r < 3; r++) {
            List<String> cells = rowCells(t, r);
            List<String> printed = numpyCells(numpy, r);
            for (int c = 0; c < 4; c++) {
                assertThat(Double.parseDouble(cells.get(c))).as("x[%d, %d]", r, c)
                        .isEqualTo(Double.parseDouble(printed.get(c)));
            }
        }
        assertThat(robot.lookup("#data-facts").queryAs(Label.class).getText()).contains("Fortran order");
    }

    @Test
    void theWindowOfColumnsIsWhatTheTablesWidthShows(FxRobot robot) throws Exception {
        TableView<Long> t = batchTableFirstPage(robot);
        JsonNode numpy = expected("batch_f32.npy");
        int wide = model().table().pageProperty().get().columns();
        // a window a little wider than the table: every column of it is made (and styled) for each row on screen
        double free = t.getWidth() - t.getColumns().stream().filter(c -> c.getText() != null && !c.getText().isEmpty())
                .mapToDouble(TableColumn::getWidth).sum();
        assertThat(wide).as("columns in the window of a table %.0f px wide", free).isBetween((int) (free / 240), (int) Math.ceil(free / 84) + 1);

        robot.interact(() -> stage.setWidth(stage.getWidth() - 400));
        waitUntil(10, "a narrower window of columns", () -> model().table().pageProperty().get() != null
                && model().table().pageProperty().get().columns() < wide);
        int narrow = model().table().pageProperty().get().columns();
        assertThat(rowCells(t, 0)).as("the numbers numpy prints, as many as the window holds")
                .containsExactlyElementsOf(numpyCells(numpy, 0).subList(0, narrow));
        assertThat(robot.lookup("#data-table-columns").queryAs(Label.class).getText())
                .isEqualTo("columns 1–" + narrow + " of 784");
    }

    @Test
    void aNarrowArrayAfterAWideOneShowsOnlyItsOwnColumnsAndNumbers(FxRobot robot) throws Exception {
        openArray(robot, BATCH, null);
        showMode(robot, DataModel.Mode.TABLE);
        TableView<Long> t = table(robot);
        waitUntil(10, "a full window of the batch's columns", () -> t.getItems().size() == 32
                && t.getColumns().size() >= 1 + model().table().windowColumnsProperty().get());
        openArray(robot, FORTRAN, null);
        showMode(robot, DataModel.Mode.TABLE);
        waitUntil(10, "the fortran array's five rows", () -> t.getItems().size() == 5);
        // the table keeps its columns (and their cells) between arrays: only as many as this array has are shown,
        // and the cells on screen show this array's numbers, not the batch's
        assertThat(t.getColumns().stream().filter(c -> c.getText() == null || c.getText().isEmpty()).count()).isEqualTo(4);
        JsonNode numpy = expected("fortran_f64.npy");
        waitUntil(5, "the rows laid out", () -> onFx(() -> rowOnScreen(t, 4)).size() == 4);
        for (int r = 0; r < numpy.get("rows").size(); r++) { // the rows numpy printed (it elides the middle)
            int row = r;
            List<String> onScreen = onFx(() -> rowOnScreen(t, row));
            assertThat(onScreen).as("row %d on screen", r).hasSize(4);
            for (int c = 0; c < 4; c++) {
                assertThat(Double.parseDouble(onScreen.get(c))).as("x[%d, %d] on screen", r, c)
                        .isEqualTo(Double.parseDouble(numpyCells(numpy, r).get(c)));
            }
        }
    }

    @Test
    void theTutorialsJsonHashShowsItsFeaturesAsNumpyPrintsThem(FxRobot robot) throws Exception {
        openArray(robot, "preprocessed_data", "features");
        TableView<Long> t = table(robot);
        waitUntil(10, "six rows of features", () -> t.getItems().size() == 6);
        JsonNode numpy = expected("features.json");
        for (int r = 0; r < 3; r++) {
            assertThat(rowCells(t, r)).containsExactlyElementsOf(numpyCells(numpy, r));
        }
    }

    @Test
    void theArrayThatOpensByItselfIsPickedFromTheWholeListing(FxRobot robot) throws Exception {
        // many other keys: the walk lists the hashes (the batch's images, the tutorial's hash) in a pass of their own and
        // publishes them while a second pass over 300,000 keys looks for the rest (the labels), as on a big keyspace
        redis.populate(300_000, "filler");
        List<String> opened = new ArrayList<>();
        boolean[] partialListing = new boolean[1];
        robot.interact(() -> {
            model().openProperty().addListener((obs, old, a) -> {
                if (a != null) {
                    opened.add(a.location().key() + " while " + catalogue.phaseProperty().get());
                }
            });
            catalogue.indexProperty().addListener((obs, old, index) -> partialListing[0] |=
                    catalogue.phaseProperty().get() == CatalogueModel.Phase.SCANNING
                            && !index.cachedArrays().isEmpty());
            context.session().open(redis.profile()); // connected again: nothing open, the catalogue walked anew
        });

        waitUntil(30, "an array open", () -> onFx(() -> !opened.isEmpty()));
        waitUntil(30, "the listing complete", () -> catalogue.phaseProperty().get() == CatalogueModel.Phase.READY);
        assertThat(onFx(() -> partialListing[0])).as("arrays listed while the walk still ran").isTrue();
        assertThat(onFx(() -> List.copyOf(opened))).containsExactly(IMAGES + " while READY");
        waitUntil(15, "the batch shown as images", () -> model().modeProperty().get() == DataModel.Mode.IMAGES);
    }

    @Test
    void anArrayAskedForWhileTheWalkRunsThatIsNotThereSaysSoAndNothingElseOpens(FxRobot robot) {
        redis.populate(300_000, "filler"); // a walk long enough to ask while it runs
        Object before = onFx(() -> context.session().session());
        robot.interact(() -> context.session().open(redis.profile()));
        waitUntil(15, "connected again and walking", () -> context.session().session() != before
                && context.session().session() != null
                && catalogue.phaseProperty().get() == CatalogueModel.Phase.SCANNING);
        robot.interact(() -> {
            assertThat(catalogue.phaseProperty().get()).isEqualTo(CatalogueModel.Phase.SCANNING);
            view.open(new ViewTarget(b("cache:py:nope"), null)); // "Open in Data" from another view
        });

        waitUntil(30, "the listing complete", () -> catalogue.phaseProperty().get() == CatalogueModel.Phase.READY);
        waitUntil(5, "the answer", () -> model().messageProperty().get() != null);
        assertThat(onFx(() -> model().messageProperty().get()))
                .isEqualTo("cache:py:nope is not a cached array the catalogue knows.");
        assertThat(onFx(() -> model().openProperty().get())).as("nothing opened in its place").isNull();
    }

    @Test
    void labelsListedOnlyAfterTheirBatchWasOpenedStillShowBesideItsImages(FxRobot robot) throws Exception {
        // the catalogue lists arrays as its walk finds them: a batch can be opened before its labels are listed
        deleteAndRescan(robot, LABELS);
        openArray(robot, IMAGES, null);
        ImagesPane pane = robot.lookup(".data-images-pane").queryAs(ImagesPane.class);
        waitUntil(10, "the images", () -> pane.grid().grid() != null);
        assertThat(onFx(() -> model().labels().labelsProperty().get())).as("labels before they exist").isNull();

        new ValueWriter(redis.session()).set(b(LABELS), fixture("labels_i64.npy")).get(10, TimeUnit.SECONDS);
        robot.interact(catalogue::rescan);

        waitUntil(15, "32 images with their labels", () -> onFx(() -> pane.grid().badges().size()) == 32);
        List<String> labels = numpyCells(expected("labels_i64.npy"), 0);
        for (int i : new int[] {0, 9, 31}) {
            assertThat(onFx(() -> pane.grid().badges().get(i).getText())).as("label of image %d", i)
                    .isEqualTo(labels.get(i));
        }
    }

    @Test
    void anImageBatchIsAGridOfEightPerRowWithEachImagesLabel(FxRobot robot) throws Exception {
        openArray(robot, IMAGES, null);
        assertThat(model().modeProperty().get()).isEqualTo(DataModel.Mode.IMAGES);
        ImagesPane pane = robot.lookup(".data-images-pane").queryAs(ImagesPane.class);
        waitUntil(10, "32 images with their labels", () -> pane.grid().grid() != null
                && pane.grid().badges().size() == 32);
        ImageGrid grid = pane.grid().grid();
        assertThat(grid.width()).isEqualTo(8 * (28 + 2) + 2);
        assertThat(grid.height()).isEqualTo(4 * (28 + 2) + 2);
        byte[] pixels = fixture("images_u8.bin");
        // uint8 is drawn as [0, 255] from the start: each grid pixel is the stored grey value of its image's pixel
        ImagePreview.Page page = model().images().pageProperty().get();
        assertThat(page.normalisation().mode()).isEqualTo(ImageNormalisation.Mode.BYTE);
        ImageGrid bytes = page.grid();
        for (int image : new int[] {0, 9, 31}) {
            for (int[] at : new int[][] {{0, 1}, {5, 7}, {27, 27}}) {
                int grey = pixels[image * 784 + at[0] * 28 + at[1]] & 0xFF;
                int argb = bytes.argb()[(bytes.tileY(image) + at[0]) * bytes.width() + bytes.tileX(image) + at[1]];
                assertThat(argb).as("image %d pixel %s", image, Arrays.toString(at))
                        .isEqualTo(0xFF000000 | grey << 16 | grey << 8 | grey);
            }
        }
        List<String> labels = numpyCells(expected("labels_i64.npy"), 0);
        for (int i = 0; i < 32; i++) {
            assertThat(pane.grid().badges().get(i).getText()).as("label of image %d", i).isEqualTo(labels.get(i));
        }

        // one image large, and the pointer reads the stored value of the pixel under it
        robot.interact(() -> { });
        Node gridNode = robot.lookup("#data-images-grid").query();
        double scale = pane.grid().scale();
        robot.moveTo(robot.point(gridNode).atPosition(Pos.TOP_LEFT))
                .moveBy((bytes.tileX(9) + 14) * scale, (bytes.tileY(9) + 14) * scale)
                .clickOn(MouseButton.PRIMARY);
        waitUntil(5, "image 9 large", () -> pane.zoomView().isVisible() && pane.zoomView().grid() != null);
        assertThat(pane.zoomView().grid().width()).isEqualTo(28);
        robot.moveTo(pane.zoomView());
        waitUntil(5, "a readout of the pixel under the pointer", () -> pane.readout().getText().startsWith("x[9] · row"));
        String readout = pane.readout().getText();
        int row = Integer.parseInt(readout.replaceAll(".*row (\\d+),.*", "$1"));
        int col = Integer.parseInt(readout.replaceAll(".*col (\\d+) .*", "$1"));
        assertThat(readout).endsWith("value " + (pixels[9 * 784 + row * 28 + col] & 0xFF));
    }

    @Test
    void theSummaryCountsEachClassOfTheLabelsBeside(FxRobot robot) throws Exception {
        openArray(robot, BATCH, null);
        showMode(robot, DataModel.Mode.SUMMARY);
        waitUntil(15, "statistics streamed and labels read", () -> model().summary().statsProperty().get() != null
                && model().labels().labelsProperty().get() != null);
        JsonNode numpy = expected("batch_f32.npy");
        assertThat(model().summary().statsProperty().get().mean()).isCloseTo(numpy.get("mean").asDouble(),
                Offset.offset(1e-6));
        LayerBarChart balance = robot.lookup("#data-class-balance")
                .queryAs(LayerBarChart.class);
        JsonNode bincount = expected("labels_i64.npy").get("bincount");
        waitUntil(5, "one bar per class", () -> balance.barCount() == bincount.size());
        for (int k = 0; k < bincount.size(); k++) {
            assertThat(balance.getBar(k).label()).isEqualTo(Integer.toString(k));
            assertThat(balance.getBar(k).value()).isEqualTo(bincount.get(k).asDouble());
        }
        waitUntil(15, "the histogram of every value", () -> robot.lookup("#data-histogram").query().isVisible()
                && ((HistogramPane) robot.lookup("#data-histogram").query()).plot()
                .shownProperty().get() != null);
        long binned = ((HistogramPane) robot.lookup("#data-histogram").query()).plot()
                .shownProperty().get().histograms().get(0).binnedCount();
        assertThat(binned).isEqualTo(32 * 784);
    }

    @Test
    void aListOfStringsIsListedAsText(FxRobot robot) {
        openArray(robot, REVIEWS, null);
        assertThat(model().modes()).containsExactly(DataModel.Mode.TEXT);
        @SuppressWarnings("unchecked")
        TableView<TextPane.Row> text = robot.lookup("#data-text").queryAs(TableView.class);
        waitUntil(10, "the three reviews", () -> text.getItems().size() == 3);
        assertThat(text.getItems().get(1).text()).isEqualTo("labels shifted by one?");
        assertThat(text.getItems().get(2).text()).isEmpty();
    }

    @Test
    void tokenIdsAreATableOfPositionsWithTheWordsOfTheVocabularyBeside(FxRobot robot) {
        openArray(robot, "cache:py:text:reviews:tokens", null);
        @SuppressWarnings("unchecked")
        TableView<TextPane.Row> text = robot.lookup("#data-text").queryAs(TableView.class);
        waitUntil(10, "two reviews decoded with the vocabulary", () -> text.getItems().size() == 2
                && text.getColumns().stream().anyMatch(c -> "tokens".equals(c.getText())));
        TableColumn<TextPane.Row, ?> words = text.getColumns().stream().filter(c -> "tokens".equals(c.getText()))
                .findFirst().orElseThrow();
        assertThat(words.getCellData(0)).isEqualTo("a fine model");
        assertThat(words.getCellData(1)).as("an id past the vocabulary is shown as itself").isEqualTo("bad model <9> <pad>");
        List<String> positions = text.getColumns().stream().map(TableColumn::getText).toList();
        assertThat(positions).contains("length", "0", "1", "2", "3").doesNotContain("text", "4");
        TableColumn<TextPane.Row, ?> second = text.getColumns().stream().filter(c -> "1".equals(c.getText()))
                .findFirst().orElseThrow();
        assertThat(second.getCellData(1)).isEqualTo("4");
    }

    @Test
    void aVocabularyListedOnlyAfterItsTokenIdsWereOpenedStillDecodesThem(FxRobot robot) throws Exception {
        String vocab = "cache:py:text:vocab";
        deleteAndRescan(robot, vocab);
        openArray(robot, "cache:py:text:reviews:tokens", null);
        @SuppressWarnings("unchecked")
        TableView<TextPane.Row> text = robot.lookup("#data-text").queryAs(TableView.class);
        waitUntil(10, "two reviews as ids", () -> onFx(() -> text.getItems().size()) == 2);
        assertThat(onFx(() -> text.getColumns().stream().map(TableColumn::getText).toList())).doesNotContain("tokens");

        redis.sync().set(vocab, "[\"<pad>\", \"<unk>\", \"a\", \"fine\", \"model\", \"bad\"]");
        robot.interact(catalogue::rescan);

        waitUntil(15, "the reviews decoded with the vocabulary", () -> onFx(() -> text.getColumns().stream()
                .filter(c -> "tokens".equals(c.getText())).findFirst().map(c -> c.getCellData(0)).orElse(null))
                instanceof String words && words.equals("a fine model"));
    }

    @Test
    void theRowsShownExportAsAnNpyNumpyReadsBack(FxRobot robot, @TempDir Path dir) throws Exception {
        batchTableFirstPage(robot);
        Path file = dir.resolve("rows.npy");
        exportAs(robot, "npy", file);
        Tensor saved = ((DecodeResult.Decoded) Sniffer.decode(Files.readAllBytes(file), ValueContext.ofKey("rows")))
                .tensors().get(0);
        Tensor whole = ((DecodeResult.Decoded) Sniffer.decode(fixture("batch_f32.npy"), ValueContext.ofKey("x")))
                .tensors().get(0);
        assertThat(saved.dtype()).isEqualTo(DType.FLOAT32);
        int window = model().table().pageProperty().get().columns();
        assertThat(saved.shape()).containsExactly(32, window);
        for (int r = 0; r < 32; r += 7) {
            for (int c = 0; c < window; c += 5) {
                assertThat(saved.getDouble(r * window + c)).isEqualTo(whole.getDouble(r * 784L + c));
            }
        }
    }

    @Test
    void theRowsShownExportAsCsvOfTheSameNumbers(FxRobot robot, @TempDir Path dir) throws Exception {
        batchTableFirstPage(robot);
        Path file = dir.resolve("rows.csv");
        exportAs(robot, "csv", file);
        Tensor whole = ((DecodeResult.Decoded) Sniffer.decode(fixture("batch_f32.npy"), ValueContext.ofKey("x")))
                .tensors().get(0);
        int window = model().table().pageProperty().get().columns();
        List<String> rows = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows).hasSize(32);
        for (int r = 0; r < 32; r++) {
            String[] cells = rows.get(r).split(",");
            assertThat(cells).as("row %d", r).hasSize(window);
            for (int c = 0; c < window; c++) {
                assertThat(Float.parseFloat(cells[c])).as("row %d column %d", r, c)
                        .isEqualTo((float) whole.getDouble(r * 784L + c));
            }
        }
    }

    @Test
    void theImagesShownExportAsAPngOfTheGridsPixels(FxRobot robot, @TempDir Path dir) throws Exception {
        openArray(robot, IMAGES, null);
        ImagesPane pane = robot.lookup(".data-images-pane").queryAs(ImagesPane.class);
        waitUntil(10, "the grid of 32 images", () -> pane.grid().grid() != null && pane.grid().badges().size() == 32);
        Path file = dir.resolve("images.png");
        exportAs(robot, "png", file);
        ImageGrid shown = model().images().pageProperty().get().grid();
        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png.getWidth()).isEqualTo(shown.width());
        assertThat(png.getHeight()).isEqualTo(shown.height());
        for (int image : new int[] {0, 13, 31}) {
            int x = shown.tileX(image) + 14;
            int y = shown.tileY(image) + 9;
            assertThat(png.getRGB(x, y)).as("image %d", image).isEqualTo(shown.argb()[y * shown.width() + x]);
        }
    }

    /** Saves what is shown through the Save menu's {@code format} item to {@code file}, and waits for it to be written. */
    private void exportAs(FxRobot robot, String format, Path file) {
        dialogs.thenSaveTo(file);
        robot.clickOn("#data-export").clickOn("#data-export-" + format);
        waitUntil(10, "saved", () -> robot.lookup("#data-export-message").queryAs(Label.class).getText()
                .startsWith("Saved " + file));
    }
}
