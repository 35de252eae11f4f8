package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.mlstate.SplitRole;
import dev.tensorlens.redis.ClassBalance;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.redis.Keys;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A dataset at a glance: each split's size and share (a strip of proportional bands, and one card per split), the
 * overlap of every pair of splits with the leaked ids named and a button that removes them from the evaluation
 * split, and — when labels sit beside the ids — the class balance of each split side by side.
 */
final class OverviewPane extends ScrollPane {

    private final DatasetsModel model;
    private final HBox strip = new HBox();
    private final HBox cards = new HBox(10);
    private final VBox leaks = new VBox(8);
    private final Label leakStatus = new Label();
    private final ProgressBar leakProgress = new ProgressBar();
    private final HBox balance = new HBox(12);
    private final Label balanceStatus = new Label();
    /** Made with the view, shown once a count has classes. */
    private final BalanceChart balanceChart = new BalanceChart();
    /**
     * The band and card of each split, in order, made ahead for {@link #MADE_AHEAD} splits (more when a dataset has
     * more), the unused ones hidden: made with the view, they are styled before the first dataset opens, not in the
     * frame that opens it.
     */
    private final List<SplitNodes> splitNodes = new ArrayList<>();
    /** train, validation, test and one more: what nearly every dataset has. */
    private static final int MADE_AHEAD = 4;

    OverviewPane(DatasetsModel model) {
        this.model = model;
        setId("datasets-overview");
        setFitToWidth(true);
        getStyleClass().add("datasets-overview");

        strip.setId("split-strip");
        strip.getStyleClass().add("split-strip");
        strip.setMinHeight(26);
        cards.setId("split-cards");
        while (splitNodes.size() < MADE_AHEAD) {
            addSplitNodes();
        }

        Label leaksTitle = sectionTitle("Leakage between splits");
        leaks.setId("leaks");
        leakStatus.getStyleClass().add("muted");
        leakStatus.setWrapText(true);
        leakStatus.textProperty().bind(model.reportStatusProperty());
        leakStatus.visibleProperty().bind(model.reportStatusProperty().isNotEmpty());
        leakStatus.managedProperty().bind(leakStatus.visibleProperty());
        leakProgress.setMaxWidth(Double.MAX_VALUE);
        leakProgress.progressProperty().bind(model.reportProgressProperty());
        leakProgress.visibleProperty().bind(model.reportProperty().isNull().and(model.reportStatusProperty().isNotEmpty()));
        leakProgress.managedProperty().bind(leakProgress.visibleProperty());

        Label balanceTitle = sectionTitle("Class balance");
        balance.setId("class-balance");
        balanceStatus.getStyleClass().add("muted");
        balanceStatus.setWrapText(true);
        balanceStatus.textProperty().bind(Bindings.createStringBinding(() -> {
            ClassBalance.BalanceReport b = model.balanceProperty().get();
            String status = model.balanceStatusProperty().get();
            return !status.isEmpty() || b == null ? status
                    : "Labels from " + b.source().key() + " (" + b.source().description() + ").";
        }, model.balanceStatusProperty(), model.balanceProperty()));
        balanceStatus.visibleProperty().bind(balanceStatus.textProperty().isNotEmpty());
        balanceStatus.managedProperty().bind(balanceStatus.visibleProperty());
        balanceChart.node().managedProperty().bind(balanceChart.node().visibleProperty());
        balance.getChildren().add(balanceChart.node());

        VBox content = new VBox(12, sectionTitle("Splits"), strip, cards, leaksTitle, leakProgress, leakStatus, leaks,
                balanceTitle, balanceStatus, balance);
        content.getStyleClass().add("datasets-overview-content");
        setContent(content);

        model.openProperty().addListener((obs, old, d) -> showSplits());
        model.reportProperty().addListener((obs, old, r) -> showLeaks());
        model.balanceProperty().addListener((obs, old, b) -> showBalance());
        model.edits().canEditBinding().addListener((obs, old, can) -> showLeaks());
        showSplits();
        showLeaks();
        showBalance();
    }

    private static Label sectionTitle(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("section-title");
        return title;
    }

    /**
     * The strip and the cards of the open dataset. The nodes are reused, for the next dataset as for this one measured
     * again (its sizes, after an edit, Live): only their texts, widths and visibility change. New nodes would be styled
     * and skinned on the FX thread in the frame that shows the sizes.
     */
    private void showSplits() {
        DatasetSplits d = model.openProperty().get();
        int count = d == null ? 0 : d.splits().size();
        while (splitNodes.size() < count) {
            addSplitNodes();
        }
        for (int i = 0; i < splitNodes.size(); i++) {
            SplitNodes nodes = splitNodes.get(i);
            if (i < count) {
                nodes.show(d, d.splits().get(i), strip);
            } else {
                nodes.hide();
            }
        }
    }

    private void addSplitNodes() {
        SplitNodes nodes = new SplitNodes("split-tone-" + (splitNodes.size() % 4));
        splitNodes.add(nodes);
        strip.getChildren().add(nodes.band);
        cards.getChildren().add(nodes.card);
        nodes.hide();
    }

    /** One split's band in the strip and its card. */
    private static final class SplitNodes {
        final Label band = new Label();
        final Tooltip bandTip = new Tooltip();
        final Label name = new Label();
        final Label size = new Label();
        final Label share = new Label();
        final Label key = new Label();
        final VBox card;

        SplitNodes(String tone) {
            band.getStyleClass().addAll("split-band", tone);
            band.setMaxHeight(Double.MAX_VALUE);
            band.setMinWidth(4);
            band.setTooltip(bandTip);
            band.managedProperty().bind(band.visibleProperty());
            name.getStyleClass().add("split-card-name");
            Region swatch = new Region();
            swatch.getStyleClass().addAll("split-swatch", tone);
            HBox head = new HBox(6, swatch, name);
            head.setAlignment(Pos.CENTER_LEFT);
            size.getStyleClass().add("split-card-size");
            share.getStyleClass().add("muted");
            key.getStyleClass().addAll("muted", "split-card-key");
            card = new VBox(4, head, size, share, key);
            card.getStyleClass().add("split-card");
            card.setMinWidth(150);
            card.managedProperty().bind(card.visibleProperty());
        }

        /** Out of sight and of the layout: a slot no split of the open dataset needs. */
        void hide() {
            band.prefWidthProperty().unbind();
            band.maxWidthProperty().unbind();
            band.setVisible(false);
            card.setVisible(false);
            size.setId(null);
        }

        void show(DatasetSplits d, DatasetSplits.Split s, HBox strip) {
            double part = d.ratio(s);
            card.setVisible(true);
            // as much of "train 80%" as the band's share leaves room for; a band with no share is not shown
            band.setVisible(part > 0);
            band.setText(part >= 0.15 ? s.name() + String.format(Locale.ROOT, " %.0f%%", 100 * part)
                    : part >= 0.06 ? s.name() : "");
            // each band takes its share of the strip (less the gaps between bands)
            band.prefWidthProperty().bind(strip.widthProperty().subtract(2.0 * d.splits().size()).multiply(part));
            band.maxWidthProperty().bind(band.prefWidthProperty());
            bandTip.setText(s.name() + String.format(Locale.ROOT, ": %,d ids (%.1f%%)", s.size(), 100 * part));
            name.setText(s.name());
            size.setId("split-size-" + s.name());
            size.setText(s.size() < 0 ? "…" : String.format(Locale.ROOT, "%,d", s.size()));
            share.setText(s.size() < 0 ? "" : String.format(Locale.ROOT, "%.1f%% of the ids", 100 * part));
            key.setText(s.key() + (s.type() == RedisType.ZSET ? " · zset" : ""));
        }
    }

    private void showLeaks() {
        leaks.getChildren().clear();
        DatasetOverlaps.DatasetReport report = model.reportProperty().get();
        DatasetSplits d = model.openProperty().get();
        if (report == null || d == null) {
            return;
        }
        if (d.splits().size() < 2) {
            leaks.getChildren().add(muted("One split: nothing to compare it with."));
            return;
        }
        List<DatasetOverlaps.PairOverlap> leaked = report.overlaps().stream().filter(o -> o.count() > 0).toList();
        if (leaked.isEmpty()) {
            Label ok = new Label("No id is in two splits: " + String.join(", ", d.splits().stream()
                    .map(DatasetSplits.Split::name).toList()) + " are disjoint.", new FontIcon(Feather.CHECK_CIRCLE));
            ok.setId("no-leaks");
            ok.getStyleClass().add("success-text");
            leaks.getChildren().add(ok);
        }
        for (DatasetOverlaps.PairOverlap o : leaked) {
            leaks.getChildren().add(leakCard(d, o));
        }
        List<String> clean = new ArrayList<>();
        report.overlaps().stream().filter(o -> o.count() == 0).forEach(o -> clean.add(o.a() + " ∩ " + o.b()));
        if (!clean.isEmpty() && !leaked.isEmpty()) {
            leaks.getChildren().add(muted("No shared ids: " + String.join(", ", clean) + "."));
        }
    }

    private VBox leakCard(DatasetSplits d, DatasetOverlaps.PairOverlap o) {
        DatasetSplits.Split a = d.split(o.a()).orElse(null);
        DatasetSplits.Split b = d.split(o.b()).orElse(null);
        if (a == null || b == null) {
            return new VBox(); // a report of splits since gone: the new one is on its way
        }
        DatasetSplits.Split evaluation = SplitRole.evaluationSide(a, b);
        DatasetSplits.Split other = evaluation == a ? b : a;
        Label title = new Label(EditsModel.count(o.count()) + " of " + other.name() + (o.count() == 1 ? " is" : " are")
                + " also in " + evaluation.name(), new FontIcon(Feather.ALERT_TRIANGLE));
        title.setId("leak-title-" + o.a() + "-" + o.b());
        title.getStyleClass().add("leak-title");
        String sample = String.join(", ", o.sample().stream().map(Keys::display).toList())
                + (o.count() > o.sample().size() ? String.format(Locale.ROOT, ", … (%,d more)",
                o.count() - o.sample().size()) : "");
        Label ids = new Label(sample);
        ids.setId("leaked-" + o.a() + "-" + o.b());
        ids.setWrapText(true);
        ids.getStyleClass().add("leak-ids");
        String why = other.role() == SplitRole.TRAIN
                ? "A model trained on these ids is judged on them again: the " + evaluation.name() + " score is too good."
                : "The same ids count in two evaluation splits.";
        Label because = muted(why);
        Button fix = new Button("Remove them from " + evaluation.name() + "…");
        fix.setId("fix-leak-" + o.a() + "-" + o.b());
        fix.getStyleClass().add("danger");
        fix.setDisable(!model.edits().canEditBinding().get());
        fix.setTooltip(new Tooltip(model.readOnlyProperty().get() ? "This profile is read-only"
                : "Keeps them in " + other.name() + " and takes them out of " + evaluation.key() + " (asks first; undo puts them back)"));
        fix.setOnAction(e -> model.edits().fixLeak(other, evaluation, o));
        VBox card = new VBox(6, title, ids, because, fix);
        card.getStyleClass().add("leak-card");
        return card;
    }

    /** The one chart, shown on the first count that has classes and redrawn in place by the next ones. */
    private void showBalance() {
        ClassBalance.BalanceReport report = model.balanceProperty().get();
        boolean any = report != null && !report.classes().isEmpty();
        if (any) {
            balanceChart.show(report);
        }
        balanceChart.node().setVisible(any);
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        label.setWrapText(true);
        return label;
    }
}
