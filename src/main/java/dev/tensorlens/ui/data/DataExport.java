package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ImageGrid;
import dev.tensorlens.tensor.write.CsvWriter;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.Progress;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.SaveFiles;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Saves the slice on screen: the table's page (its rows and its window of columns) as CSV or {@code .npy} with the
 * array's own dtype, or the images shown as a PNG grid. Written in the background, whole or not at all, and the
 * outcome said in words.
 */
final class DataExport {

    /** What can be saved; each may be absent (nothing on screen yet). */
    interface Shown {
        Tensor tablePage();

        ImageGrid images();

        String baseName();
    }

    private final Dialogs dialogs;
    private final UiExecutor ui;
    private final Executor files;
    private final Shown shown;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");

    DataExport(Dialogs dialogs, UiExecutor ui, Executor files, Shown shown) {
        this.dialogs = dialogs;
        this.ui = ui;
        this.files = files;
        this.shown = shown;
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    void csv() {
        Tensor page = shown.tablePage();
        if (page == null) {
            message.set("No table page is shown to save.");
            return;
        }
        save("data-export-csv", "Save the rows shown as CSV", "csv", "Comma-separated values",
                file -> CsvWriter.write(page, null, file, Progress.NONE));
    }

    void npy() {
        Tensor page = shown.tablePage();
        if (page == null) {
            message.set("No table page is shown to save.");
            return;
        }
        save("data-export-npy", "Save the rows shown as .npy", "npy", "NumPy array",
                file -> NpyWriter.write(page, null, file, Progress.NONE));
    }

    void png() {
        ImageGrid grid = shown.images();
        if (grid == null) {
            message.set("No images are shown to save.");
            return;
        }
        save("data-export-png", "Save the images shown as PNG", "png", "PNG image", grid::writePng);
    }

    private void save(String id, String title, String extension, String description, Writer writer) {
        Optional<Path> chosen = dialogs.chooseSaveFile(new Dialogs.SaveQuestion(id, title,
                SaveFiles.safeName(shown.baseName()) + "." + extension, description, extension));
        if (chosen.isEmpty()) {
            return;
        }
        Path file = chosen.get();
        message.set("Saving " + file.getFileName() + "…");
        CompletableFuture.supplyAsync(() -> {
            try {
                writer.write(file);
                return SaveFiles.saved(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, files).whenComplete((saved, failure) -> ui.execute(() ->
                message.set(failure == null ? saved : SaveFiles.failed(file, failure))));
    }

    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
