package dev.tensorlens.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/** The words around saving a file the user chose: a name the file system takes, and the outcome in one sentence. */
public final class SaveFiles {

    private SaveFiles() {
    }

    /** {@code name} with the characters Windows or Unix refuse in a file name replaced by {@code _}. */
    public static String safeName(String name) {
        return name.replaceAll("[/\\\\:*?\"<>|]", "_");
    }

    /** "Saved FILE (SIZE)." — the size left out when it cannot be read (the file was written; its size is a courtesy). */
    public static String saved(Path file) {
        long size = -1;
        try {
            size = Files.size(file);
        } catch (IOException ignored) {
            // said without it
        }
        return "Saved " + file + (size < 0 ? "" : " (" + HumanReadable.bytes(size) + ")") + ".";
    }

    /** "Could not save FILE: REASON", the reason taken out of the future's and the writer's wrappers. */
    public static String failed(Path file, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof UncheckedIOException io) {
            cause = io.getCause();
        }
        return "Could not save " + file + ": " + cause.getMessage();
    }
}
