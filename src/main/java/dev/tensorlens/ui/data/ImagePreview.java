package dev.tensorlens.ui.data;

import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.tensor.image.ImageLayout;
import dev.tensorlens.tensor.image.ImageNormalisation;
import dev.tensorlens.tensor.image.SampleImages;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The image preview: a page of samples read alone (their bytes and nothing else) and drawn as a grid of 8 per row
 * with 2 px padding, as torchvision's {@code make_grid} draws a batch, in the layout, normalisation and colour map the
 * user picks. Changing how they are drawn draws the page held again without reading it. Changed on the UI thread.
 */
public final class ImagePreview {

    /** Samples per page: eight rows of eight. */
    public static final int PAGE_SAMPLES = 64;
    /** A page is made smaller when its samples would take more than this (64 RGB 1024² float images would be 800 MB). */
    static final long PAGE_MAX_BYTES = 32L << 20;

    /**
     * A page drawn: samples [first, first + count) of the array, the values read, the grid they make and how they
     * were drawn.
     */
    public record Page(long first, ImageLayout layout, long[] shape, Tensor samples, ImageGrid grid,
                       ImageNormalisation normalisation) {
        public int count() {
            return grid.count();
        }
    }

    private final Executor background;
    private final Jobs reading;
    private final Jobs drawing;
    private final ObservableList<ImageLayout> layouts = FXCollections.observableArrayList();
    private final ObjectProperty<ImageLayout> layout = new SimpleObjectProperty<>(this, "layout");
    private final ObjectProperty<ImageNormalisation> normalisation = new SimpleObjectProperty<>(this, "normalisation",
            ImageNormalisation.of(ImageNormalisation.Mode.AUTO));
    /** Null: grey. */
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(this, "colorMap");
    /** The whole array's finite range, for AUTO, once the summary knows it; the page's own until then. */
    private final ObjectProperty<ValueRange> range = new SimpleObjectProperty<>(this, "range");
    private final LongProperty first = new SimpleLongProperty(this, "first");
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private ArrayReader reader;
    private ArrayHeader header;

    ImagePreview(UiExecutor ui, Executor background) {
        this.background = background;
        this.reading = new Jobs(ui);
        this.drawing = new Jobs(ui);
        layout.addListener((obs, old, now) -> restart());
        first.addListener((obs, old, now) -> read());
        normalisation.addListener((obs, old, now) -> redraw());
        colorMap.addListener((obs, old, now) -> redraw());
        range.addListener((obs, old, now) -> {
            if (normalisation.get().mode() == ImageNormalisation.Mode.AUTO) {
                redraw();
            }
        });
    }

    /** Whether {@code h} reads as images in some layout. */
    static boolean showsImages(ArrayHeader h) {
        return h.kind() == ArrayHeader.Kind.TENSOR && h.dtype().size() <= 8
                && !ImageLayout.candidates(h.shape()).isEmpty();
    }

    /** Whether {@code h} is the array shown (or being read). */
    boolean shows(ArrayHeader h) {
        return h.equals(header);
    }

    /** The most pixels one image is drawn with: a 200 MB matrix is a table, not a picture to draw whole. */
    static final long MAX_IMAGE_PIXELS = 16L << 20;

    void show(ArrayReader r, ArrayHeader h) {
        reader = r;
        header = h;
        page.set(null);
        range.set(null);
        List<ImageLayout> fit = ImageLayout.candidates(h.shape());
        layouts.setAll(fit);
        ImageLayout picked = fit.isEmpty() ? null : fit.get(0);
        if (picked == layout.get()) {
            restart();
        } else {
            layout.set(picked); // restarts
        }
    }

    void clear() {
        reading.cancelAll();
        drawing.cancelAll();
        reader = null;
        header = null;
        layouts.clear();
        page.set(null);
        message.set(null);
    }

    private void restart() {
        if (first.get() != 0) {
            first.set(0); // reads
        } else {
            read();
        }
    }

    /** Images in the array in the chosen layout. */
    public long sampleCount() {
        return header == null || layout.get() == null ? 0 : layout.get().samples(header.shape());
    }

    /** Samples on one page: fewer than {@link #PAGE_SAMPLES} when the images are big. */
    public int pageSamples() {
        if (header == null || layout.get() == null) {
            return PAGE_SAMPLES;
        }
        long bytes = Math.max(1, layout.get().sampleElements(header.shape()) * header.dtype().size());
        return (int) Math.max(1, Math.min(PAGE_SAMPLES, PAGE_MAX_BYTES / bytes));
    }

    /** Moves {@code step} pages on (negative: back), inside the array. */
    public void turn(int step) {
        int per = pageSamples();
        long last = Math.max(0, (sampleCount() - 1) / per * per);
        first.set(Math.max(0, Math.min(last, first.get() + (long) step * per)));
    }

    private void read() {
        ImageLayout l = layout.get();
        if (reader == null || header == null || l == null) {
            page.set(null);
            return;
        }
        ArrayReader r = reader;
        ArrayHeader h = header;
        long[] shape = h.shape();
        long from = first.get();
        int count = (int) Math.min(pageSamples(), sampleCount() - from);
        long[] pageShape = l.batch() ? concat(count, Arrays.copyOfRange(shape, 1, shape.length)) : shape;
        long element0 = l.batch() ? from * l.sampleElements(shape) : 0;
        long pixels = (long) l.width(shape) * l.height(shape);
        long sampleBytes = l.sampleElements(shape) * h.dtype().size();
        if (pixels > MAX_IMAGE_PIXELS || sampleBytes > PAGE_MAX_BYTES) {
            reading.cancelAll();
            page.set(null);
            message.set("One image of " + l.width(shape) + "×" + l.height(shape) + " (" + HumanReadable.bytes(sampleBytes)
                    + ") is more than is drawn at once (" + (MAX_IMAGE_PIXELS >> 20) + " M pixels, "
                    + HumanReadable.bytes(PAGE_MAX_BYTES) + "): look at it as a table, a page of rows at a time.");
            return;
        }
        message.set("Reading images " + (from + 1) + "–" + (from + count) + "…");
        drawing.cancelAll();
        reading.<Tensor>replacing("Reading images of " + h.array().location().key())
                .onSuccess(samples -> {
                    message.set(null);
                    draw(from, l, shape, samples);
                })
                .onFailure(sentence -> {
                    page.set(null); // not the last page under the words that say this one failed
                    message.set(sentence);
                })
                .start(() -> r.read(h, element0, pageShape, TensorLoader.Progress.NONE));
    }

    /** The page held drawn again in the chosen normalisation and colours. */
    private void redraw() {
        Page p = page.get();
        if (p != null) {
            draw(p.first(), p.layout(), p.shape(), p.samples());
        }
    }

    private void draw(long from, ImageLayout l, long[] shape, Tensor samples) {
        ImageNormalisation norm = normalisation.get();
        ColorMap colours = colorMap.get();
        ValueRange whole = range.get();
        drawing.<Page>replacing("Drawing images")
                .onSuccess(page::set)
                .onFailure(message::set)
                .start(() -> CompletableFuture.supplyAsync(() -> {
                    ValueRange scale = whole != null ? whole : SampleImages.finiteRange(samples);
                    int n = l.batch() ? (int) samples.shape()[0] : 1;
                    List<int[]> images = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        images.add(SampleImages.argb(samples, l, i, norm, scale, colours));
                    }
                    ImageGrid grid = ImageGrid.compose(images, l.width(shape), l.height(shape),
                            ImageGrid.PER_ROW, ImageGrid.PADDING);
                    return new Page(from, l, shape, samples, grid, norm);
                }, background));
    }

    private static long[] concat(long head, long[] rest) {
        long[] all = new long[rest.length + 1];
        all[0] = head;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    public ObservableList<ImageLayout> layouts() {
        return layouts;
    }

    public ObjectProperty<ImageLayout> layoutProperty() {
        return layout;
    }

    public ObjectProperty<ImageNormalisation> normalisationProperty() {
        return normalisation;
    }

    public ObjectProperty<ColorMap> colorMapProperty() {
        return colorMap;
    }

    ObjectProperty<ValueRange> rangeProperty() {
        return range;
    }

    public LongProperty firstProperty() {
        return first;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
