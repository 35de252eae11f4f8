package dev.tensorlens.bench;

import dev.tensorlens.demo.DemoServer;
import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.datasets.DatasetsModel;
import dev.tensorlens.ui.datasets.DatasetsView;
import dev.tensorlens.ui.datasets.EditsModel;
import dev.tensorlens.ui.datasets.LookupModel;
import dev.tensorlens.ui.datasets.MembersModel;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.bench.ViewFrames.ms;
import static dev.tensorlens.bench.ViewFrames.onFx;
import static dev.tensorlens.bench.ViewFrames.phase;
import static dev.tensorlens.bench.ViewFrames.shown;

/**
 * The Datasets view's frame times in the real main window, headless (Monocle), on {@link DatasetsBench}'s data set:
 * a 5,000,000-id train split and a 1,000,000-id test split sharing 1,000 ids, with a labels hash. One line per phase,
 * {@code "<phase>: longest pulse gap N ms (p99 M ms, …)"} ({@link PulseGaps}), then its wall time:
 * the view's first layout (shown before connecting), connecting until {@code bench} is listed, the dataset opened
 * (the view opens the first dataset by itself as it is listed) until its sizes, ratios, the overlap with the leaked
 * count and the class balance are on screen, the Members tab (first page, then 20 × Next), a filter typed that
 * matches few ids, a lookup of 1,000 pasted ids, and the leak fix (its confirmation answered in the real dialog) and
 * its undo. Heap after GC at the end. Run with {@code -Xmx1g}; {@code -Dbench.sample=true} adds the FX thread's
 * stacks during every gap over 50 ms. Not a JUnit test. Arguments: [train size, default 5000000] [test size, default
 * 1000000] [shared, default 1000].
 */
public final class DatasetsViewBench {

    private static final PulseGaps GAPS = new PulseGaps();
    private static final String FILTER = "77777";

    public static void main(String[] args) throws Exception {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int testSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int shared = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path servers = Files.createDirectories(Path.of("target/redis-servers"));
        Path dir = Files.createTempDirectory(servers, "datasets-view-bench-");
        System.out.printf(Locale.ROOT, "Redis %s, JVM max heap %d MB, load %s%n", binary.version(),
                Runtime.getRuntime().maxMemory() >> 20, Machine.loadavg());
        try (RedisProcess redis = RedisProcess.start(binary, dir, List.of())) {
            DatasetsBench.fillSplits(redis.uri(), trainSize, testSize, shared);
            FxThread.startHeadless();
            run(redis, trainSize, shared);
            System.out.println("load at the end: " + Machine.loadavg());
        } finally {
            Platform.exit();
            DemoServer.deleteTree(dir);
        }
        System.exit(0);
    }

    private static void run(RedisProcess redis, int trainSize, int shared) throws Exception {
        MainWindow window = ViewFrames.firstLayout(GAPS, "datasets-view-bench-home", ViewId.DATASETS, "datasets");
        Scene scene = onFx(() -> window.stage().getScene());
        long[] t = new long[1]; // each phase's start, set on the FX thread
        DatasetsView view = onFx(() -> (DatasetsView) window.view(ViewId.DATASETS));
        DatasetsModel model = view.model();
        Parent root = (Parent) view.root();
        Thread.sleep(500);

        // connect until "bench" is listed; the view then opens it by itself
        CompletableFuture<Long>[] c = onFx(() -> {
            CompletableFuture<Long> listed = shown(scene, () -> model.datasets().stream()
                    .anyMatch(d -> d.name().equals("bench") && d.splits().size() == 2));
            CompletableFuture<Long> opened = FxThread.when(() -> model.openProperty().get() != null
                    && model.openProperty().get().name().equals("bench"), model.openProperty());
            t[0] = System.nanoTime();
            window.open(ConnectionProfile.fromUri(redis.uri()));
            return array(listed, opened);
        });
        long listed = c[0].get(2, TimeUnit.MINUTES);
        phase(GAPS, scene, "datasets connect to list", t[0], listed, "connected and listed");

        // the dataset opened: sizes, ratios, the overlap with the leaked count, the class balance
        long openedAt = c[1].get(2, TimeUnit.MINUTES);
        CompletableFuture<Long>[] o = onFx(() -> array(
                shown(scene, () -> sizesShown(model, root)),
                shown(scene, () -> leakShown(model, root, shared)),
                shown(scene, () -> balanceShown(model, root))));
        CompletableFuture.allOf(o).get(5, TimeUnit.MINUTES);
        long opened = Math.max(o[0].join(), Math.max(o[1].join(), o[2].join()));
        String facts = onFx(() -> ((Label) root.lookup("#datasets-facts")).getText());
        phase(GAPS, scene, "datasets open dataset", openedAt, opened, String.format(Locale.ROOT,
                "opened by the view as it was listed (%d ms after connecting); sizes and ratios on screen %d ms, "
                        + "the overlap (%s) %d ms, the class balance %d ms after it opened; \"%s\"",
                ms(openedAt - t[0]), ms(o[0].join() - openedAt), onFx(() -> leakTitle(root)), ms(o[1].join() - openedAt),
                ms(o[2].join() - openedAt), facts));
        Thread.sleep(500);

        members(model, root, scene);
        filter(model, root, scene);
        lookup(model, root, scene, trainSize, shared);
        leakFix(model, root, scene, shared);

        onFx(() -> {
            GAPS.stop();
            return null;
        });
        System.out.println("heap after GC: " + (Machine.usedHeapAfterGc() >> 20) + " MB");
    }

    /** The Members tab: its first page of the train split read and shown, then 20 × Next. */
    private static void members(DatasetsModel model, Parent root, Scene scene) throws Exception {
        MembersModel members = model.members();
        @SuppressWarnings("unchecked")
        TableView<MembersModel.Member> table = onFx(() -> (TableView<MembersModel.Member>) root.lookup("#member-table"));
        long[] t = new long[1];
        CompletableFuture<Long> first = onFx(() -> {
            t[0] = System.nanoTime();
            tabs(root).getSelectionModel().select(1);
            members.first(); // the page read again, as the First button does
            return shown(scene, () -> !members.loadingProperty().get() && !table.getItems().isEmpty()
                    && table.lookup(".table-row-cell") != null);
        });
        long firstAt = first.get(1, TimeUnit.MINUTES);
        String firstStatus = onFx(() -> members.statusProperty().get());
        long nextFrom = System.nanoTime();
        long slowest = 0;
        for (int i = 0; i < 20; i++) {
            long[] clicked = new long[1];
            CompletableFuture<Long> page = onFx(() -> {
                String before = members.statusProperty().get();
                clicked[0] = System.nanoTime();
                ((Button) root.lookup("#member-next")).fire();
                return shown(scene, () -> !members.loadingProperty().get()
                        && !members.statusProperty().get().equals(before));
            });
            slowest = Math.max(slowest, page.get(1, TimeUnit.MINUTES) - clicked[0]);
        }
        long nextAt = System.nanoTime();
        String status = onFx(() -> members.statusProperty().get());
        phase(GAPS, scene, "datasets members", t[0], nextAt, String.format(Locale.ROOT,
                "tab and first page on screen %d ms (\"%s\"); 20 × Next %d ms, slowest page %d ms (\"%s\")",
                ms(firstAt - t[0]), firstStatus, ms(nextAt - nextFrom), ms(slowest), status));
        Thread.sleep(500);
    }

    /** A filter typed as a user types it, one character every 150 ms, that matches few ids; until its page settles. */
    private static void filter(DatasetsModel model, Parent root, Scene scene) throws Exception {
        MembersModel members = model.members();
        TextField field = onFx(() -> (TextField) root.lookup("#member-filter"));
        long from = System.nanoTime();
        for (int i = 1; i <= FILTER.length(); i++) {
            String typed = FILTER.substring(0, i);
            onFx(() -> {
                field.setText(typed);
                return null;
            });
            if (i < FILTER.length()) {
                Thread.sleep(150);
            }
        }
        long typedAt = System.nanoTime();
        CompletableFuture<Long> settled = onFx(() -> shown(scene, () -> !members.loadingProperty().get()
                && FILTER.equals(members.filterProperty().get())));
        long settledAt = settled.get(5, TimeUnit.MINUTES);
        String firstLook = onFx(() -> members.rows().size() + " rows, \"" + members.statusProperty().get() + "\"");
        // an empty look says "Next reads on": read on, as the user would, until a match is shown (at most 20 looks)
        int looks = 1;
        while (onFx(() -> members.rows().isEmpty() && members.hasNextProperty().get()) && looks < 20) {
            CompletableFuture<Long> look = onFx(() -> {
                String before = members.statusProperty().get() + members.rows().size();
                members.next();
                return shown(scene, () -> !members.loadingProperty().get()
                        && !(members.statusProperty().get() + members.rows().size()).equals(before));
            });
            look.get(5, TimeUnit.MINUTES);
            looks++;
        }
        long end = System.nanoTime();
        String found = onFx(() -> members.rows().size() + " rows, \"" + members.statusProperty().get() + "\"");
        phase(GAPS, scene, "datasets filter", from, end, String.format(Locale.ROOT,
                "\"%s\" typed over %d ms; its first look settled %d ms after the last key (%s); %d look(s) to a match: "
                        + "%s", FILTER, ms(typedAt - from), ms(settledAt - typedAt), firstLook, looks, found));
        onFx(() -> {
            field.setText("");
            return null;
        });
        Thread.sleep(1000);
    }

    /** 1,000 ids pasted into Find ids: train only, in both (leaked), test only, and in none. */
    private static void lookup(DatasetsModel model, Parent root, Scene scene, int trainSize, int shared)
            throws Exception {
        LookupModel lookup = model.lookup();
        List<String> ids = new ArrayList<>();
        int leakedFrom = trainSize - shared;
        for (int i = 0; i < 300; i++) {
            ids.add(Integer.toString(leakedFrom - 300 + i)); // train only
        }
        for (int i = 0; i < Math.min(400, shared); i++) {
            ids.add(Integer.toString(leakedFrom + i)); // in both
        }
        for (int i = 0; ids.size() < 900; i++) {
            ids.add(Integer.toString(trainSize + i)); // test only
        }
        for (int i = 0; ids.size() < 1000; i++) {
            ids.add("missing-" + i); // in none
        }
        String text = String.join("\n", ids);
        @SuppressWarnings("unchecked")
        TableView<LookupModel.Row> table = onFx(() -> (TableView<LookupModel.Row>) root.lookup("#lookup-table"));
        long[] t = new long[1];
        CompletableFuture<Long> done = onFx(() -> {
            t[0] = System.nanoTime();
            tabs(root).getSelectionModel().select(2);
            ((TextArea) root.lookup("#lookup-ids")).setText(text); // the paste
            ((Button) root.lookup("#lookup-find")).fire();
            return shown(scene, () -> lookup.rows().size() == ids.size()
                    && !lookup.statusProperty().get().startsWith("Looking up") && table.getItems().size() == ids.size()
                    && table.lookup(".table-row-cell") != null);
        });
        long end = done.get(2, TimeUnit.MINUTES);
        phase(GAPS, scene, "datasets lookup", t[0], end, String.format(Locale.ROOT, "%,d ids pasted and found: \"%s\"",
                ids.size(), onFx(() -> lookup.statusProperty().get())));
        Thread.sleep(500);
    }

    /**
     * The Overview's "Remove them from test…" clicked, the real confirmation dialog answered yes (the bench finds it
     * among the windows and presses its action button), until the view shows no leak and the balance counted again;
     * then Undo until the leak is back.
     */
    private static void leakFix(DatasetsModel model, Parent root, Scene scene, int shared) throws Exception {
        EditsModel edits = model.edits();
        onFx(() -> {
            tabs(root).getSelectionModel().select(0);
            return null;
        });
        Thread.sleep(500);
        long from = System.nanoTime();
        CompletableFuture<Long> fixed = onFx(() -> shown(scene, () -> edits.history().size() == 1
                && !edits.busyProperty().get() && overlap(model) == 0 && root.lookup("#no-leaks") != null
                && balanceShown(model, root)));
        Platform.runLater(() -> {
            Button fix = (Button) root.lookupAll(".button").stream().filter(n -> n.getId() != null
                    && n.getId().startsWith("fix-leak-")).findFirst().orElseThrow();
            fix.fire(); // the dialog's nested event loop runs until the bench answers it
        });
        long asked = answer("fix-leak-dialog");
        long end = fixed.get(5, TimeUnit.MINUTES);
        String message = onFx(() -> edits.messageProperty().get());
        phase(GAPS, scene, "datasets leak fix", from, end, String.format(Locale.ROOT,
                "the dialog answered %d ms after the click; then removed and measured again, no leak on screen %d ms "
                        + "after the answer: \"%s\"", ms(asked - from), ms(end - asked), message));
        Thread.sleep(1000);

        long[] t = new long[1];
        CompletableFuture<Long> undone = onFx(() -> {
            CompletableFuture<Long> back = shown(scene, () -> edits.history().isEmpty() && !edits.busyProperty().get()
                    && overlap(model) == shared && !root.lookupAll(".leak-title").isEmpty()
                    && balanceShown(model, root));
            t[0] = System.nanoTime();
            ((Button) root.lookup("#datasets-undo")).fire();
            return back;
        });
        long undoneAt = undone.get(5, TimeUnit.MINUTES);
        phase(GAPS, scene, "datasets leak fix undo", t[0], undoneAt, String.format(Locale.ROOT,
                "the leak back on screen (%s): \"%s\"", onFx(() -> leakTitle(root)),
                onFx(() -> edits.messageProperty().get())));
    }

    /** Waits for the confirmation {@code id} to show and presses its action button; when it was pressed. */
    private static long answer(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Boolean pressed = onFx(() -> {
                for (Window w : Window.getWindows()) {
                    if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane pane
                            && id.equals(pane.getId())) {
                        for (ButtonType type : pane.getButtonTypes()) {
                            if (type.getButtonData() == ButtonBar.ButtonData.OK_DONE) {
                                ((Button) pane.lookupButton(type)).fire();
                                return true;
                            }
                        }
                    }
                }
                return false;
            });
            if (pressed) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the dialog " + id + " never showed");
    }

    private static TabPane tabs(Parent root) {
        return (TabPane) root.lookup(".tab-pane");
    }

    private static long overlap(DatasetsModel model) {
        DatasetOverlaps.DatasetReport r = model.reportProperty().get();
        return r == null || r.overlaps().isEmpty() ? -1 : r.overlaps().get(0).count();
    }

    private static boolean sizesShown(DatasetsModel model, Parent root) {
        DatasetSplits d = model.openProperty().get();
        Node size = root.lookup("#split-size-train");
        Node facts = root.lookup("#datasets-facts");
        return d != null && d.splits().size() == 2 && d.splits().stream().allMatch(s -> s.size() >= 0)
                && size instanceof Label l && !l.getText().equals("…")
                && facts instanceof Label f && f.getText().contains("%");
    }

    private static boolean leakShown(DatasetsModel model, Parent root, long shared) {
        return overlap(model) == shared && !root.lookupAll(".leak-title").isEmpty();
    }

    private static boolean balanceShown(DatasetsModel model, Parent root) {
        Node balance = root.lookup("#class-balance");
        return model.balanceProperty().get() != null && balance instanceof Parent p
                && p.getChildrenUnmodifiable().stream().anyMatch(Node::isVisible);
    }

    private static String leakTitle(Parent root) {
        return root.lookupAll(".leak-title").stream().map(n -> ((Label) n).getText()).findFirst().orElse("no leak title");
    }

    @SafeVarargs
    private static CompletableFuture<Long>[] array(CompletableFuture<Long>... each) {
        return each;
    }
}
