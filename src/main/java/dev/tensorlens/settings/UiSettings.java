package dev.tensorlens.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * {@link #update}, one change at a time, so that one view's change never writes back another's stale copy.
     */
    public static final class Store {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Store.class);
        private final Path file;
        private UiSettings current;

        public Store(AppDirs dirs) {
            this.file = dirs.config().resolve("settings.json");
        }

        /** The settings as last loaded or changed. */
        public synchronized UiSettings current() {
            if (current == null) {
                current = load();
            }
            return current;
        }

        /** Applies a change and saves it; a file that cannot be written is logged (the change still holds this run). */
        public synchronized UiSettings update(java.util.function.UnaryOperator<UiSettings> change) {
            current = change.apply(current());
            try {
                save(current);
            } catch (IOException e) {
                LOG.warn("Could not save settings to {}", file, e);
            }
            return current;
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
