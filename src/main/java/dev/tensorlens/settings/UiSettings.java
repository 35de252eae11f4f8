package dev.tensorlens.settings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * What the window remembers between runs: the theme, the last profile opened, the last view shown, and the
 * browser's namespace delimiter and the size above which a value is read only on request.
 * Fields missing from an older file get their defaults.
 */
public record UiSettings(boolean darkTheme, String lastProfileId, String lastView, String browserDelimiter,
                         long bigValueBytes) {

    public static final String DEFAULT_DELIMITER = ":";
    public static final long DEFAULT_BIG_VALUE_BYTES = 1L << 20;

    public UiSettings {
        if (browserDelimiter == null || browserDelimiter.length() != 1) {
            browserDelimiter = DEFAULT_DELIMITER;
        }
        if (bigValueBytes <= 0) {
            bigValueBytes = DEFAULT_BIG_VALUE_BYTES;
        }
    }

    public static UiSettings defaults() {
        return new UiSettings(false, null, null, DEFAULT_DELIMITER, DEFAULT_BIG_VALUE_BYTES);
    }

    public UiSettings withDarkTheme(boolean dark) {
        return new UiSettings(dark, lastProfileId, lastView, browserDelimiter, bigValueBytes);
    }

    public UiSettings withLastProfileId(String id) {
        return new UiSettings(darkTheme, id, lastView, browserDelimiter, bigValueBytes);
    }

    public UiSettings withLastView(String view) {
        return new UiSettings(darkTheme, lastProfileId, view, browserDelimiter, bigValueBytes);
    }

    public UiSettings withBrowserDelimiter(char delimiter) {
        return new UiSettings(darkTheme, lastProfileId, lastView, String.valueOf(delimiter), bigValueBytes);
    }

    public UiSettings withBigValueBytes(long bytes) {
        return new UiSettings(darkTheme, lastProfileId, lastView, browserDelimiter, bytes);
    }

    /**
     * Reads and writes {@code settings.json} in the config folder. Every part of the UI changes the settings through
     * {@link #update}, one change at a time, so that one view's change never writes back another's stale copy. The
     * change holds at once; the file is written on the writer given (never the FX thread), coalesced: a burst of
     * changes (typing a delimiter) is one write of the newest settings.
     */
    public static final class Store {
        private static final Logger LOG = LoggerFactory.getLogger(Store.class);
        private final Path file;
        private final Executor writer;
        private final AtomicBoolean writeQueued = new AtomicBoolean();
        private UiSettings current;

        /** @param writer where the file is written: a background thread in the app, the caller's in tests */
        public Store(AppDirs dirs, Executor writer) {
            this.file = dirs.config().resolve("settings.json");
            this.writer = writer;
        }

        /** The settings as last loaded or changed. */
        public synchronized UiSettings current() {
            if (current == null) {
                current = load();
            }
            return current;
        }

        /**
         * Applies a change at once and saves it soon; a file that cannot be written is logged (the change still holds
         * this run).
         */
        public UiSettings update(UnaryOperator<UiSettings> change) {
            UiSettings changed;
            synchronized (this) {
                current = change.apply(current());
                changed = current;
            }
            if (writeQueued.compareAndSet(false, true)) {
                try {
                    writer.execute(this::writeNewest);
                } catch (RejectedExecutionException closing) {
                    writeQueued.set(false); // the app is closing; this change holds until then
                }
            }
            return changed;
        }

        private void writeNewest() {
            writeQueued.set(false);
            try {
                save(current());
            } catch (IOException e) {
                LOG.warn("Could not save settings to {}", file, e);
            }
        }

        /** The saved settings, or the defaults when there are none or the file is unreadable. */
        public UiSettings load() {
            if (!Files.exists(file)) {
                return defaults();
            }
            try {
                return JsonFiles.MAPPER.readValue(file.toFile(), UiSettings.class);
            } catch (IOException e) {
                // settings are a convenience: a damaged file must not stop the app from starting
                return defaults();
            }
        }

        public void save(UiSettings settings) throws IOException {
            JsonFiles.write(file, settings, false);
        }
    }
}
