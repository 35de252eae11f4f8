package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.write.PngWriter;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.transform.Transform;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Writes a plot (any node) to a PNG file. The snapshot is taken on the FX thread (where it must be), its pixels
 * copied out there (a millisecond or two), and the encoding and writing happen on the {@code background} executor.
 * The file appears whole or not at all: it is written next to the target under a temporary name and moved into
 * place.
 *
 * <p>The picture is the node as it is on screen, on the background colour of the nearest parent that paints one
 * (so a plot in the dark theme keeps its dark background and its light text), at {@code scale} image pixels per
 * node pixel (1 by default; 2 for a sharper picture to put in a paper).
 */
public final class PlotExport {

    private PlotExport() {
    }

    /** {@link #png(Node, Path, double, Executor)} at one image pixel per node pixel. */
    public static CompletableFuture<Path> png(Node node, Path file, Executor background) {
        return png(node, file, 1, background);
    }

    /**
     * Writes {@code node} as a PNG to {@code file}. Call from any thread: the snapshot is taken on the FX thread.
     *
     * @return the file once written; failed with the {@link IOException} (wrapped) when it could not be written
     */
    public static CompletableFuture<Path> png(Node node, Path file, double scale, Executor background) {
        CompletableFuture<Pixels> taken = new CompletableFuture<>();
        Runnable snapshot = () -> {
            try {
                taken.complete(snapshot(node, scale));
            } catch (RuntimeException e) {
                taken.completeExceptionally(e);
            }
        };
        if (Platform.isFxApplicationThread()) {
            snapshot.run();
        } else {
            Platform.runLater(snapshot);
        }
        return taken.thenApplyAsync(p -> {
            write(p, file);
            return file;
        }, background);
    }

    /** The pixels of a snapshot, non-premultiplied ARGB. */
    record Pixels(int[] argb, int width, int height) {
    }

    static Pixels snapshot(Node node, double scale) {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(backgroundOf(node));
        if (scale != 1) {
            params.setTransform(Transform.scale(scale, scale));
        }
        // exactly the node's layout bounds: a child drawn a pixel beyond them (a snapped label, a stroke) would
        // otherwise grow the picture
        Bounds b = node.localToParent(node.getLayoutBounds());
        params.setViewport(new Rectangle2D(b.getMinX() * scale, b.getMinY() * scale,
                Math.ceil(b.getWidth() * scale), Math.ceil(b.getHeight() * scale)));
        WritableImage image = node.snapshot(params, null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return new Pixels(argb, w, h);
    }

    /** The colour behind the node: the first solid background fill of it or a parent, else the scene's fill. */
    static Paint backgroundOf(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof Region r && r.getBackground() != null) {
                for (BackgroundFill fill : r.getBackground().getFills()) {
                    if (fill.getFill() instanceof Color c && c.getOpacity() == 1) {
                        return c;
                    }
                }
            }
        }
        Paint sceneFill = node.getScene() == null ? null : node.getScene().getFill();
        return sceneFill != null ? sceneFill : Color.WHITE;
    }

    private static void write(Pixels p, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".part");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                    PngWriter.write(p.argb(), p.width(), p.height(), out);
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
