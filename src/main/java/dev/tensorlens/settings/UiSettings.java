package dev.tensorlens.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the window remembers between runs: the theme, the last profile opened and the last view shown. */
public record UiSettings(boolean darkTheme, String lastProfileId, String lastView) {

    public static UiSettings defaults() {
        return new UiSettings(false, null, null);
    }

    public UiSettings withDarkTheme(boolean dark) {
        return new UiSettings(dark, lastProfileId, lastView);
    }

    public UiSettings withLastProfileId(String id) {
        return new UiSettings(darkTheme, id, lastView);
    }

    public UiSettings withLastView(String view) {
        return new UiSettings(darkTheme, lastProfileId, view);
    }

    /** Reads and writes {@code settings.json} in the config folder. */
    public static final class Store {
        private final Path file;

        public Store(AppDirs dirs) {
            this.file = dirs.config().resolve("settings.json");
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
