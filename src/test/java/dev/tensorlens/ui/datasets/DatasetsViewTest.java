package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.settings.DatasetGrouping;
import dev.tensorlens.settings.DatasetGroupsStore;
import dev.tensorlens.support.PythonScripts;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.support.ScriptedDialogs;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.assertj.core.groups.Tuple;
import org.controlsfx.control.CheckListView;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static dev.tensorlens.support.UiTestSupport.crumbs;
import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Datasets view driven as a user drives it, on splits written as a Python user writes them
 * ({@code r.sadd("dataset:py:train", *range(1000))}, with three train ids leaked into test and a labels hash beside):
 * the list and the overview show the sizes and exactly the leaked ids; a pasted bulk import and a file import report
 * exact counts and undo; a move asks first, and its undo takes out of the other split only what the move put there;
 * the leakage fix asks with the count and undoes; a read-only profile cannot edit.
 */
@ExtendWith(ApplicationExtension.class)
class DatasetsViewTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final String TRAIN = "dataset:py:train";
    static final String VAL = "dataset:py:val";
    static final String TEST = "dataset:py:test";
    static final String LABELS = "dataset:py:labels";
    static final List<String> LEAKED = List.of("7", "123", "456");
    /** In val from the start, and also put in train: a move of it into val must not take it out of val on undo. */
    static final String ALSO_IN_VAL = "1105";

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AppContext context;
    private DatasetsView view;
    private Stage stage;

    @TempDir
    Path temp;

    static String[] ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toArray(String[]::new);
    }

    @BeforeEach
    void open() throws Exception {
        open(false);
    }

    void open(boolean readOnly) throws Exception {
        var r = redis.sync();
        r.flushall();
        r.configSet("notify-keyspace-events", ""); // as a fresh server has it; the Live test turns them on
        r.sadd(TRAIN, ids(0, 1000));
        r.sadd(TRAIN, ALSO_IN_VAL);
        r.sadd(VAL, ids(1000, 1200));
        r.sadd(TEST, ids(1200, 1400));
        r.sadd(TEST, LEAKED.toArray(String[]::new));
        Map<String, String> labels = new LinkedHashMap<>();
        for (int id = 0; id < 1400; id++) {
            labels.put(Integer.toString(id), Integer.toString(id % 10));
        }
        r.hset(LABELS, labels);

        stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            CatalogueModel catalogue = new CatalogueModel(context.session(), context.ui(), context.tasks(), dialogs);
            context.session().open(readOnly ? redis.profile().toBuilder().readOnly(true).build() : redis.profile());
            view = new DatasetsView(context, catalogue, dialogs);
            UiTestSupport.show(stage, (Parent) view.root(), 1200, 780);
            view.shown(); // as the main window does when it switches to the view
        }).get();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.close()).get();
        FxToolkit.cleanupStages();
    }

    private DatasetsModel model() {
        return view.model();
    }

    /** Waits for the py dataset to be open and measured (sizes and overlaps known). */
    private void measured() {
        waitUntil(20, "dataset py open and measured", () -> model().openProperty().get() != null
                && model().openProperty().get().name().equals("py") && model().reportProperty().get() != null
                && !model().edits().busyProperty().get());
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private long visibleSplitCards(FxRobot robot) {
        return robot.lookup(".split-card").queryAll().stream().filter(Node::isVisible).count();
    }

    private Set<String> members(String key) {
        return redis.sync().smembers(key);
    }

    private void showMembersOf(FxRobot robot, String split) {
        robot.clickOn("#members-tab");
        robot.clickOn("#member-split-" + split);
        waitUntil(10, split + "'s members listed", () -> model().members().splitProperty().get().name().equals(split)
                && !model().members().loadingProperty().get() && !model().members().rows().isEmpty());
    }

    @Test
    void theOverviewShowsEachSplitsSizeTheLeakedIdsAndTheClassBalance(FxRobot robot) {
        measured();
        waitUntil(10, "py listed with its three splits", () -> model().datasets().stream()
                .anyMatch(d -> d.name().equals("py") && d.splits().size() == 3));
        DatasetSplits py = model().openProperty().get();
        assertThat(py.splits()).extracting(DatasetSplits.Split::name, DatasetSplits.Split::size)
                .containsExactly(Tuple.tuple("train", 1001L),
                        Tuple.tuple("val", 200L),
                        Tuple.tuple("test", 203L));
        assertThat(text(robot, "#split-size-train")).isEqualTo("1,001");
        assertThat(text(robot, "#split-size-test")).isEqualTo("203");
        assertThat(visibleSplitCards(robot)).as("a card per split").isEqualTo(3);
        assertThat(text(robot, "#leak-title-train-test")).isEqualTo("3 ids of train are also in test");
        assertThat(text(robot, "#leaked-train-test")).isEqualTo("7, 123, 456");
        assertThat(text(robot, "#leak-title-train-val")).isEqualTo("1 id of train is also in val");
        assertThat(text(robot, "#leaked-train-val")).isEqualTo(ALSO_IN_VAL);
        assertThat(robot.lookup("#no-leaks").tryQuery()).isEmpty();
        assertThat(text(robot, "#datasets-facts")).contains("1,404 ids").contains("train 71%");
        waitUntil(20, "the class balance of each split", () -> model().balanceProperty().get() != null);
        assertThat(model().balanceProperty().get().countsBySplit().get("val").values())
                .as("val holds 1000…1199: twenty of each class").containsOnly(20L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#class-balance-chart").query().isVisible()).as("the class balance drawn").isTrue();
    }

    @Test
    void membersArePagedAndFiltered(FxRobot robot) {
        measured();
        showMembersOf(robot, "train");
        waitUntil(5, "the trail at py › train", () -> crumbs(robot.lookup("#datasets-trail").query())
                .equals(List.of("py", "train")));
        TableView<MembersModel.Member> table = robot.lookup("#member-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSizeGreaterThanOrEqualTo(MembersModel.PAGE);
        assertThat(text(robot, "#member-status")).startsWith("Members 1–").contains("of 1,001");
        List<String> seen = new ArrayList<>(table.getItems().stream().map(MembersModel.Member::text).toList());
        robot.clickOn("#member-next");
        waitUntil(10, "the second page", () -> !model().members().loadingProperty().get()
                && model().members().hasPreviousProperty().get());
        assertThat(table.getItems()).extracting(MembersModel.Member::text).doesNotContainAnyElementsOf(seen);
        assertThat(text(robot, "#member-status")).startsWith("Members " + String.format(Locale.ROOT, "%,d",
                seen.size() + 1) + "–");
        robot.clickOn("#member-previous");
        waitUntil(10, "the first page again", () -> !model().members().loadingProperty().get()
                && !model().members().hasPreviousProperty().get());
        assertThat(table.getItems()).extracting(MembersModel.Member::text).containsExactlyElementsOf(seen);
        assertThat(text(robot, "#member-status")).startsWith("Members 1–");

        robot.clickOn("#member-filter").write("99");
        waitUntil(10, "only ids with 99", () -> !model().members().loadingProperty().get()
                && !table.getItems().isEmpty() && table.getItems().stream().allMatch(m -> m.text().contains("99")));
    }

    @Test
    void aPastedBulkImportReportsExactCountsAndUndoTakesOutOnlyWhatItAdded(FxRobot robot) {
        measured();
        showMembersOf(robot, "train");
        dialogs.thenPasteIds("5000\n5001, 5002 5003\n7\n5000");
        robot.clickOn("#member-add");
        waitUntil(10, "the import's outcome", () -> model().edits().history().size() == 1);
        assertThat(model().edits().messageProperty().get()).contains("4").contains("train").contains("already");
        assertThat(members(TRAIN)).contains("5000", "5001", "5002", "5003", "7").hasSize(1005);
        NotificationPane bar = robot.lookup("#datasets-notifications")
                .queryAs(NotificationPane.class);
        waitUntil(5, "the outcome in the bar over the tabs, with its Undo", () -> bar.isShowing()
                && bar.getText().equals(model().edits().messageProperty().get()) && bar.getActions().size() == 1);

        dialogs.thenConfirm(true); // undoing an add takes ids out: it asks first
        robot.clickOn("#datasets-undo");
        waitUntil(10, "the import undone", () -> model().edits().history().isEmpty()
                && !model().edits().busyProperty().get());
        assertThat(dialogs.asked()).anyMatch(q -> q.startsWith("undo-dialog: Undo: take the 4 ids it added out of train"));
        assertThat(members(TRAIN)).doesNotContain("5000", "5001", "5002", "5003").contains("7").hasSize(1001);
        assertThat(model().edits().messageProperty().get()).containsIgnoringCase("undid");
    }

    @Test
    void aCsvFileIsImportedStreamed(FxRobot robot) throws Exception {
        measured();
        showMembersOf(robot, "val");
        Path csv = temp.resolve("extra-val.csv");
        Files.writeString(csv, "sample_id,label\n7000,3\n7001,4\n\"7002\",5\n");
        dialogs.thenImportIds(csv);
        robot.clickOn("#member-add");
        waitUntil(10, "the file imported", () -> model().edits().history().size() == 1);
        assertThat(members(VAL)).contains("7000", "7001", "7002").doesNotContain("sample_id", "3").hasSize(203);
        assertThat(model().edits().messageProperty().get()).contains("3");
    }

    /** The measured dataset's train split listed, filtered to "105", and its ids 105 and 1105 selected. */
    private Set<String> pickTrainMembers(FxRobot robot) {
        measured();
        showMembersOf(robot, "train");
        robot.clickOn("#member-filter").write("105");
        TableView<MembersModel.Member> table = robot.lookup("#member-table").queryAs(TableView.class);
        Set<String> picked = Set.of("105", ALSO_IN_VAL);
        waitUntil(10, "105 and " + ALSO_IN_VAL + " found in train", () -> !model().members().loadingProperty().get()
                && table.getItems().stream().map(MembersModel.Member::text).toList().containsAll(picked));
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getItems().size(); i++) {
                if (picked.contains(table.getItems().get(i).text())) {
                    table.getSelectionModel().select(i);
                }
            }
        });
        return picked;
    }

    @Test
    void aMoveAsksFirstAndItsUndoRemovesOnlyWhatItAddedElsewhere(FxRobot robot) {
        Set<String> picked = pickTrainMembers(robot);
        dialogs.thenConfirm(true);
        robot.clickOn("#member-move");
        robot.clickOn("#move-to-val");
        waitUntil(10, "the move done", () -> model().edits().history().size() == 1);
        assertThat(dialogs.asked()).contains("move-ids-dialog: Move 2 ids from train to val?");
        assertThat(members(TRAIN)).doesNotContainAnyElementsOf(picked).hasSize(999);
        assertThat(members(VAL)).containsAll(picked).hasSize(201);

        dialogs.thenConfirm(true);
        robot.clickOn("#datasets-undo");
        waitUntil(10, "the move undone", () -> model().edits().history().isEmpty() && !model().edits().busyProperty().get());
        assertThat(members(TRAIN)).containsAll(picked).hasSize(1001);
        assertThat(members(VAL)).as("105 was put in val by the move and leaves; " + ALSO_IN_VAL
                + " was there before and stays").doesNotContain("105").contains(ALSO_IN_VAL).hasSize(200);
    }

    @Test
    void removingAsksWithTheCountAndNothingGoesUntilTheUserSaysYesThenUndoPutsThemBack(FxRobot robot) {
        Set<String> picked = pickTrainMembers(robot);

        Label trainSize = robot.lookup("#split-size-train").queryAs(Label.class);
        assertThat(trainSize.getText()).isEqualTo("1,001");

        dialogs.thenConfirm(false);
        robot.clickOn("#member-remove");
        assertThat(removals()).containsExactly("remove-ids-dialog: Remove 2 ids from train?");

        dialogs.thenConfirm(true);
        robot.clickOn("#member-remove");
        // the barrier: one removal done, so the one refused never started (it would be a second edit in the history)
        waitUntil(10, "the removal done", () -> model().edits().history().size() == 1
                && !model().edits().busyProperty().get());
        assertThat(members(TRAIN)).doesNotContainAnyElementsOf(picked).hasSize(999);
        waitUntil(10, "the new size on the card", () -> text(robot, "#split-size-train").equals("999"));
        assertThat(robot.lookup("#split-size-train").<Label>query()).as("the same card, its text changed")
                .isSameAs(trainSize);

        robot.clickOn("#datasets-undo"); // puts ids back only: nothing to ask
        waitUntil(10, "the removal undone", () -> model().edits().history().isEmpty()
                && !model().edits().busyProperty().get());
        assertThat(members(TRAIN)).containsAll(picked).hasSize(1001);
        assertThat(removals()).as("undo puts ids back: nothing to ask").hasSize(2);
    }

    private List<String> removals() {
        return dialogs.asked().stream().filter(q -> q.startsWith("remove-ids-dialog")).toList();
    }

    @Test
    void theLeakageFixAsksWithTheCountRemovesFromTestAndUndoes(FxRobot robot) {
        measured();
        dialogs.thenConfirm(true);
        robot.clickOn("#fix-leak-train-test");
        waitUntil(15, "the leak fixed and measured again", () -> model().edits().history().size() == 1
                && robot.lookup("#leaked-train-test").tryQuery().isEmpty() && model().reportProperty().get() != null);
        assertThat(dialogs.asked()).anyMatch(q -> q.startsWith("fix-leak-dialog: Remove the 3 ids leaked from train out of test"));
        assertThat(members(TEST)).doesNotContainAnyElementsOf(LEAKED).hasSize(200);
        assertThat(members(TRAIN)).containsAll(LEAKED);
        waitUntil(5, "the outcome bar shown", () -> robot.lookup("#datasets-notifications")
                .queryAs(NotificationPane.class).isShowing());
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS); // for the picture: the bar slides in
        UiTestSupport.screenshot(stage.getScene(), "datasets-leak-fixed"); // the outcome bar with its Undo

        robot.clickOn("#datasets-undo"); // puts ids back only: nothing to ask
        waitUntil(15, "the leak back after undo", () -> model().edits().history().isEmpty()
                && robot.lookup("#leaked-train-test").tryQuery().isPresent());
        assertThat(members(TEST)).containsAll(LEAKED).hasSize(203);
        assertThat(text(robot, "#leaked-train-test")).isEqualTo("7, 123, 456");
    }

    @Test
    void whichSplitHoldsThesePastedIds(FxRobot robot) {
        measured();
        robot.clickOn("#lookup-tab");
        robot.clickOn("#lookup-ids").write("7, 1006 99999");
        robot.clickOn("#lookup-find");
        waitUntil(10, "three answers", () -> model().lookup().rows().size() == 3);
        assertThat(model().lookup().rows()).extracting(LookupModel.Row::id, LookupModel.Row::where)
                .containsExactly(Tuple.tuple("7", "train, test"),
                        Tuple.tuple("1006", "val"),
                        Tuple.tuple("99999", "in no split"));
        assertThat(text(robot, "#lookup-status")).isEqualTo("2 of 3 in a split; 1 in more than one (a leak); 1 in none.");
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Paint> colours = robot.lookup("#lookup-table .table-cell")
                .queryAllAs(TableCell.class).stream()
                .filter(cell -> cell.getText() != null && cell.getTableColumn().getText().equals("In split"))
                .collect(Collectors.toMap(TableCell::getText,
                        TableCell::getTextFill));
        assertThat(colours).containsOnlyKeys("train, test  — a leak", "val", "in no split");
        assertThat(colours.get("train, test  — a leak")).as("a leak reads in red")
                .isNotEqualTo(colours.get("val")).isNotEqualTo(colours.get("in no split"));
        assertThat(colours.get("in no split")).as("an id in no split reads muted").isNotEqualTo(colours.get("val"));
    }

    @Test
    void aReadOnlyProfileCannotEdit(FxRobot robot) throws Exception {
        close();
        open(true);
        measured();
        assertThat(robot.lookup("#datasets-read-only").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#fix-leak-train-test").queryAs(Button.class).isDisabled()).isTrue();
        showMembersOf(robot, "train");
        TableView<MembersModel.Member> table = robot.lookup("#member-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().selectRange(0, 3)); // ids picked: only read-only disables them
        for (String id : List.of("#member-add", "#member-remove", "#member-move")) {
            Node control = robot.lookup(id).query();
            assertThat(control.isDisabled()).as(id).isTrue();
        }
        assertThat(robot.lookup("#member-export").queryAs(Button.class).isDisabled()).as("export only reads").isFalse();
        robot.interact(() -> model().edits().addText(model().openProperty().get().splits().get(0), "424242"));
        assertThat(model().edits().messageProperty().get()).isEqualTo("This profile is read-only: nothing was changed.");
        assertThat(model().edits().busyProperty().get()).as("nothing was started").isFalse();
        assertThat(members(TRAIN)).doesNotContain("424242");
    }

    @Test
    void theSplitExportsOneIdPerLine(FxRobot robot) throws Exception {
        measured();
        showMembersOf(robot, "test");
        Path file = temp.resolve("test-ids.txt");
        dialogs.thenSaveTo(file);
        robot.clickOn("#member-export");
        waitUntil(15, "the export written", () -> model().edits().messageProperty().get().startsWith("Wrote"));
        assertThat(Files.readAllLines(file).stream().collect(Collectors.toSet())).isEqualTo(members(TEST));
        assertThat(model().edits().messageProperty().get()).startsWith("Wrote 203 ids to test-ids.txt");
    }

    @Test
    void setsGroupedByHandUnderOneSplitNameKeepTheirIdsWhenALeakIsFixed(FxRobot robot) {
        redis.sync().sadd("faces:a:ids", ids(1, 101));
        redis.sync().sadd("faces:b:ids", ids(90, 121)); // 90 … 100 in both
        measured();
        robot.interact(() -> model().group("faces", List.of(
                new DatasetSplits.Split("ids", "faces:a:ids", RedisType.SET, -1),
                new DatasetSplits.Split("ids", "faces:b:ids", RedisType.SET, -1))));
        waitUntil(20, "faces measured", () -> model().openProperty().get().name().equals("faces")
                && model().reportProperty().get() != null
                && model().reportProperty().get().dataset().name().equals("faces"));
        DatasetSplits faces = model().openProperty().get();
        assertThat(faces.splits()).extracting(DatasetSplits.Split::name).containsExactly("faces:a:ids", "faces:b:ids");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visibleSplitCards(robot)).as("py's three cards gave way to faces' two").isEqualTo(2);
        var leak = model().reportProperty().get().overlaps().get(0);
        assertThat(leak.count()).isEqualTo(11);
        dialogs.thenConfirm(true);
        robot.interact(() -> model().edits().fixLeak(faces.splits().get(0), faces.splits().get(1), leak));
        waitUntil(15, "the leak fixed", () -> model().edits().history().size() == 1);
        assertThat(members("faces:a:ids")).hasSize(100);
        assertThat(members("faces:b:ids")).hasSize(20).doesNotContain("90", "100").contains("101", "120");
    }

    /**
     * Splits written by Python itself (redis-py {@code sadd} of integer ids, 7 train ids leaked into test and 3 into
     * val): the view shows the sizes {@code len(set)} gives and exactly the ids set intersection finds.
     */
    @Test
    void splitsWrittenByPythonShowTheSizesAndTheLeakedIdsPythonFinds(FxRobot robot) throws Exception {
        String python = PythonScripts.python3With("redis");
        Assumptions.assumeTrue(python != null, "python3 with redis is not installed");
        JsonNode expected = new ObjectMapper().readTree(
                PythonScripts.runPythonScript(python,
                        "/dev/tensorlens/cli/datasets/write_splits.py", redis.port(), 0)).get("datasets").get(0);
        robot.interact(() -> model().refresh());
        robot.interact(() -> view.open(ViewTarget.key(
                "dataset:pyds:train".getBytes(StandardCharsets.UTF_8))));
        waitUntil(30, "pyds open and measured", () -> model().reportProperty().get() != null
                && model().reportProperty().get().dataset().name().equals("pyds"));
        var report = model().reportProperty().get();
        for (JsonNode split : expected.get("splits")) {
            assertThat(report.dataset().split(split.get("name").asText()).orElseThrow().size())
                    .as(split.get("name").asText()).isEqualTo(split.get("size").asLong());
        }
        for (JsonNode pair : expected.get("overlaps")) {
            var overlap = report.overlap(pair.get("a").asText(), pair.get("b").asText()).orElseThrow();
            List<String> pythonIds = new ArrayList<>();
            pair.get("sample").forEach(n -> pythonIds.add(n.asText()));
            assertThat(overlap.count()).as(pair.toString()).isEqualTo(pair.get("count").asLong());
            assertThat(overlap.sample().stream().map(Keys::display).toList())
                    .as(pair.toString()).containsExactlyElementsOf(pythonIds);
        }
        assertThat(text(robot, "#leak-title-train-test")).isEqualTo("7 ids of train are also in test");
    }

    @Test
    void setsAreGroupedByHandAndTheGroupingIsRememberedForTheConnection(FxRobot robot) throws Exception {
        redis.sync().sadd("faces:ids:kept", ids(0, 50));
        redis.sync().sadd("faces:ids:holdout", ids(40, 60)); // 40 … 49 in both
        measured();
        robot.clickOn("#datasets-group");
        waitUntil(10, "the grouping dialog", () -> robot.lookup("#group-sets-dialog").tryQuery().isPresent());
        robot.clickOn("#group-name").write("faces");
        robot.doubleClickOn("#group-pattern").write("faces:*");
        robot.clickOn("#group-search");
        @SuppressWarnings("unchecked")
        CheckListView<DatasetSplits.Split> sets = robot.lookup("#group-sets")
                .queryAs(CheckListView.class);
        waitUntil(10, "the two faces sets found", () -> sets.getItems().size() == 2);
        robot.interact(() -> sets.getCheckModel().checkAll());
        WaitForAsyncUtils.waitForFxEvents();
        UiTestSupport.screenshot(robot.lookup("#group-sets-dialog").query().getScene(), "datasets-group-dialog");
        robot.clickOn(robot.lookup("#group-sets-dialog .button").lookup((Button b) -> "Group".equals(b.getText()))
                .queryButton());
        waitUntil(20, "faces open and measured", () -> model().openProperty().get().name().equals("faces")
                && model().reportProperty().get() != null
                && model().reportProperty().get().dataset().name().equals("faces"));
        assertThat(model().openProperty().get().manual()).isTrue();
        assertThat(model().reportProperty().get().overlaps().get(0).count()).isEqualTo(10);
        assertThat(model().datasets()).extracting(DatasetSplits::name).contains("faces", "py");

        // what the next start reads: a store of its own, reading the file the view's store wrote
        Supplier<DatasetGroupsStore> nextStart =
                () -> new DatasetGroupsStore(context.dirs(), Runnable::run);
        String profile = context.session().profileProperty().get().id();
        waitUntil(10, "the grouping saved for this connection", () -> nextStart.get().groups(profile).size() == 1);
        assertThat(nextStart.get().groups(profile).get(0).splits())
                .extracting(DatasetGrouping.SplitRef::key)
                .containsExactlyInAnyOrder("faces:ids:kept", "faces:ids:holdout");
    }

    @Test
    void withLiveOnAnotherClientsWritesShowUpOnceTheyPause(FxRobot robot) {
        measured();
        redis.sync().configSet("notify-keyspace-events", "KEA");
        robot.clickOn(robot.lookup("#datasets-live").lookup(".thumb-area").queryAs(Node.class));
        waitUntil(10, "Live following", () -> model().catalogue().liveMessageProperty().get() != null
                && model().catalogue().liveMessageProperty().get().startsWith("Live:"));
        redis.sync().sadd(TEST, "9001", "9002"); // a pipeline elsewhere adds two ids to test
        redis.sync().srem(VAL, "1000");
        waitUntil(15, "the new sizes measured", () -> model().openProperty().get().split("test").orElseThrow()
                .size() == 205 && model().openProperty().get().split("val").orElseThrow().size() == 199);
        assertThat(text(robot, "#split-size-test")).isEqualTo("205");
        assertThat(dialogs.asked()).as("notifications were on: nothing to ask").isEmpty();
    }

    @Test
    void aBulkImportCanBeStoppedAndWhatItDidIsCountedExactlyAndUndone(FxRobot robot) {
        measured();
        StringBuilder many = new StringBuilder();
        for (int id = 100_000; id < 300_000; id++) {
            many.append(id).append('\n');
        }
        DatasetSplits.Split train = model().openProperty().get().split("train").orElseThrow();
        robot.interact(() -> model().edits().addText(train, many.toString()));
        // a barrier, not a sleep: the import has reported a batch or more, and is listed with its Stop
        waitUntil(20, "the import under way in the task list", () -> context.tasks().running().stream()
                .anyMatch(j -> j.title().startsWith("Adding ids to train") && j.progressProperty().get() > 0));
        robot.interact(() -> context.tasks().running().stream().filter(j -> j.title().startsWith("Adding ids to train"))
                .findFirst().orElseThrow().stop());
        waitUntil(20, "the import stopped and remembered", () -> !model().edits().busyProperty().get()
                && model().edits().history().size() == 1);
        var stopped = model().edits().history().get(0);
        assertThat(stopped.done()).isFalse();
        assertThat(stopped.changed()).isBetween(1L, 199_999L);
        assertThat(model().edits().messageProperty().get()).startsWith("Stopped after");
        assertThat(redis.sync().scard(TRAIN)).isEqualTo(1001 + stopped.changed());

        dialogs.thenConfirm(true);
        robot.clickOn("#datasets-undo");
        waitUntil(30, "the part done undone", () -> model().edits().history().isEmpty() && !model().edits().busyProperty().get());
        assertThat(redis.sync().scard(TRAIN)).isEqualTo(1001);
    }

    @Test
    void aSortedSetSplitShowsScoresAndAScoreIsChangedAndUndone(FxRobot robot) {
        redis.sync().zadd("dataset:weighted:train", 1.0, "a", 2.5, "b", 0.5, "c");
        redis.sync().sadd("dataset:weighted:test", "d");
        measured();
        robot.interact(() -> model().refresh());
        robot.interact(() -> view.open(ViewTarget.key(
                "dataset:weighted:train".getBytes(StandardCharsets.UTF_8))));
        waitUntil(20, "weighted's train listed with scores", () -> model().members().splitProperty().get() != null
                && model().members().splitProperty().get().key().equals("dataset:weighted:train")
                && model().members().rows().size() == 3);
        robot.clickOn("#members-tab");
        assertThat(model().members().rows()).extracting(MembersModel.Member::text, MembersModel.Member::score)
                .containsExactlyInAnyOrder(Tuple.tuple("a", 1.0),
                        Tuple.tuple("b", 2.5), Tuple.tuple("c", 0.5));
        TableView<MembersModel.Member> table = robot.lookup("#member-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(m -> m.text().equals("b")).findFirst().orElseThrow()));
        dialogs.thenType("0.25");
        robot.clickOn("#member-score");
        waitUntil(10, "the score changed", () -> model().edits().history().size() == 1);
        assertThat(redis.sync().zscore("dataset:weighted:train", "b")).isEqualTo(0.25);
        assertThat(model().edits().messageProperty().get()).contains("0.25").contains("2.5");

        robot.clickOn("#datasets-undo");
        waitUntil(10, "the score back", () -> model().edits().history().isEmpty() && !model().edits().busyProperty().get());
        assertThat(redis.sync().zscore("dataset:weighted:train", "b")).isEqualTo(2.5);
    }
}
