package dev.tensorlens.ui.models;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.CsvWriter;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.Progress;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.SaveFiles;
import dev.tensorlens.ui.plots.PlotExport;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Saves what the detail pane shows: the plot as PNG, the layer's values as CSV or as {@code .npy} with its own
 * dtype, byte order and shape. Files are written in the background, whole or not at all (the writers stream a big
 * tensor out without a second copy), and the outcome is said in words.
 */
final class LayerExport {

    private final LayerDetailModel model;
    private final Dialogs dialogs;
    private final Executor files;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");

    LayerExport(LayerDetailModel model, Dialogs dialogs, Executor files) {
        this.model = model;
        this.dialogs = dialogs;
        this.files = files;
    }

    void png(Node plot) {
        Tensor t = model.tensorProperty().get();
        if (t == null) {
            return;
        }
        choose("export-png-dialog", "Save the plot as PNG", t.name() + ".png", "PNG image", "png")
                .ifPresent(file -> report(PlotExport.png(plot, file, files), file));
    }

    void csv() {
        write("export-csv-dialog", "Save the values as CSV", "csv", "Comma-separated values",
                (t, file) -> CsvWriter.write(t, null, file, Progress.NONE));
    }

    void npy() {
        write("export-npy-dialog", "Save the values as .npy", "npy", "NumPy array",
                (t, file) -> NpyWriter.write(t, null, file, Progress.NONE));
    }

    private interface Writer {
        void write(Tensor t, Path file) throws IOException;
    }

    private void write(String id, String title, String extension, String description, Writer writer) {
        Tensor t = model.tensorProperty().get();
        if (t == null) {
            return;
        }
        choose(id, title, t.name() + "." + extension, description, extension).ifPresent(file -> {
            message.set("Saving " + file.getFileName() + "…");
            report(CompletableFuture.supplyAsync(() -> {
                try {
                    writer.write(t, file);
                    return file;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, files), file);
        });
    }

    private Optional<Path> choose(String id, String title, String name, String description, String extension) {
        return dialogs.chooseSaveFile(new Dialogs.SaveQuestion(id, title, SaveFiles.safeName(name), description,
                extension));
    }

    private void report(CompletableFuture<Path> saving, Path file) {
        saving.whenComplete((saved, failure) -> Platform.runLater(() -> {
            message.set(failure == null ? SaveFiles.saved(saved) : SaveFiles.failed(file, failure));
        }));
    }

    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
