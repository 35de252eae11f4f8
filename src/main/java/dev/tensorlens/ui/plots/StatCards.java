package dev.tensorlens.ui.plots;

import dev.tensorlens.ui.common.SceneStyles;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * Named numbers as small cards in equal columns: four when they fit, else two, else one, so eight statistics always
 * form full rows (counts above values at four, pairs at two) and the grid is never wider than its parent. Columns
 * stretch to share the whole width. At four columns a card stacks its title over its value; in two or one it puts
 * them on one line, title left and value right, so a narrow pane does not spend a tall block on eight numbers.
 *
 * <p>Feed it on the FX thread: {@link #clear()}, then {@link #add} each title and its value as text, in reading
 * order. Its look ({@code .tensor-stat}, {@code .stat-title}, {@code .stat-value}) is in {@code plots.css}, which it
 * loads itself.
 */
public final class StatCards extends Region {

    private static final int[] COLUMN_CHOICES = {4, 2, 1};
    private static final double GAP = 8;
    /** Stacked cards narrower than this look like stray chips. */
    private static final double MIN_STACKED_WIDTH = 96;

    public StatCards() {
        getStyleClass().add("tensor-stats");
        SceneStyles.use(this, PlotStyles.STYLESHEET);
    }

    /** One more card, after the others. */
    public void add(String title, String value) {
        getChildren().add(new Card(title, value));
    }

    /** No cards. */
    public void clear() {
        getChildren().clear();
    }

    /** How many columns the cards take at this width; 0 with no cards. */
    int columns(double width) {
        if (getChildren().isEmpty()) {
            return 0;
        }
        double inner = width - horizontalInsets();
        for (int columns : COLUMN_CHOICES) {
            if (columns * cardWidth(columns) + (columns - 1) * GAP <= inner) {
                return Math.min(columns, getChildren().size());
            }
        }
        return 1;
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computeMinWidth(double height) {
        return horizontalInsets() + (getChildren().isEmpty() ? 0 : cardWidth(1));
    }

    @Override
    protected double computePrefWidth(double height) {
        int columns = Math.min(COLUMN_CHOICES[0], getChildren().size());
        return horizontalInsets() + columns * cardWidth(columns) + Math.max(0, columns - 1) * GAP;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        if (getChildren().isEmpty()) {
            return in.getTop() + in.getBottom();
        }
        int columns = columns(width < 0 ? computePrefWidth(-1) : width);
        int rows = (getChildren().size() + columns - 1) / columns;
        return in.getTop() + in.getBottom() + rows * rowHeight(columns) + (rows - 1) * GAP;
    }

    @Override
    protected void layoutChildren() {
        if (getChildren().isEmpty()) {
            return;
        }
        Insets in = getInsets();
        int columns = columns(getWidth());
        double inner = getWidth() - horizontalInsets();
        double columnWidth = Math.max(cardWidth(columns), (inner - (columns - 1) * GAP) / columns);
        double rowHeight = rowHeight(columns);
        for (int i = 0; i < getChildren().size(); i++) {
            Card card = (Card) getChildren().get(i);
            card.setInline(inline(columns));
            int column = i % columns;
            int row = i / columns;
            card.resizeRelocate(snapPositionX(in.getLeft() + column * (columnWidth + GAP)),
                    snapPositionY(in.getTop() + row * (rowHeight + GAP)), snapSizeX(columnWidth), snapSizeY(rowHeight));
        }
    }

    private static boolean inline(int columns) {
        return columns < COLUMN_CHOICES[0];
    }

    private double cardWidth(int columns) {
        double widest = inline(columns) ? 0 : MIN_STACKED_WIDTH;
        for (Node card : getChildren()) {
            widest = Math.max(widest, ((Card) card).width(inline(columns)));
        }
        return Math.ceil(widest);
    }

    private double rowHeight(int columns) {
        double tallest = 0;
        for (Node card : getChildren()) {
            tallest = Math.max(tallest, ((Card) card).height(inline(columns)));
        }
        return Math.ceil(tallest);
    }

    private double horizontalInsets() {
        return getInsets().getLeft() + getInsets().getRight();
    }

    /** One statistic: its muted title and its value, stacked or on one line. */
    private static final class Card extends Region {
        private static final PseudoClass INLINE = PseudoClass.getPseudoClass("inline");
        private static final double TITLE_GAP = 2;
        private static final double INLINE_GAP = 12;
        private final Label title;
        private final Label value;
        private boolean inline;

        Card(String titleText, String valueText) {
            getStyleClass().add("tensor-stat");
            title = new Label(titleText);
            title.getStyleClass().add("stat-title");
            value = new Label(valueText);
            value.getStyleClass().add("stat-value");
            getChildren().addAll(title, value);
        }

        void setInline(boolean inline) {
            if (this.inline != inline) {
                this.inline = inline;
                pseudoClassStateChanged(INLINE, inline);
                requestLayout();
            }
        }

        double width(boolean inline) {
            double labels = inline ? title.prefWidth(-1) + INLINE_GAP + value.prefWidth(-1)
                    : Math.max(title.prefWidth(-1), value.prefWidth(-1));
            return snappedLeftInset() + labels + snappedRightInset();
        }

        double height(boolean inline) {
            double labels = inline ? Math.max(title.prefHeight(-1), value.prefHeight(-1))
                    : title.prefHeight(-1) + TITLE_GAP + value.prefHeight(-1);
            return snappedTopInset() + labels + snappedBottomInset();
        }

        @Override
        protected double computePrefWidth(double height) {
            return width(inline);
        }

        @Override
        protected double computePrefHeight(double width) {
            return height(inline);
        }

        @Override
        protected void layoutChildren() {
            double x = snappedLeftInset();
            double y = snappedTopInset();
            double w = getWidth() - x - snappedRightInset();
            double h = getHeight() - y - snappedBottomInset();
            if (inline) {
                double valueWidth = Math.min(w, value.prefWidth(-1));
                layoutInArea(value, x + w - valueWidth, y, valueWidth, h, 0, HPos.RIGHT, VPos.CENTER);
                layoutInArea(title, x, y, Math.max(0, w - valueWidth - INLINE_GAP), h, 0, HPos.LEFT, VPos.CENTER);
            } else {
                double titleHeight = title.prefHeight(-1);
                layoutInArea(title, x, y, w, titleHeight, 0, HPos.LEFT, VPos.TOP);
                layoutInArea(value, x, y + titleHeight + TITLE_GAP, w, h - titleHeight - TITLE_GAP, 0, HPos.LEFT, VPos.TOP);
            }
        }
    }
}
