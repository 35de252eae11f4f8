package dev.tensorlens.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Tensorlens keeps its files: settings and profiles in the platform's config folder
 * ({@code $XDG_CONFIG_HOME} or {@code ~/.config} on Linux, {@code %APPDATA%} on Windows,
 * {@code ~/Library/Application Support} on macOS), logs and caches in its data folder.
 * The system property {@code tensorlens.home} puts both under one folder (tests, portable installs).
 */
public record AppDirs(Path config, Path data) {

    private static final String APP = "tensorlens";

    public static AppDirs forThisMachine() {
        return resolve(System.getProperty("tensorlens.home"), System.getProperty("os.name", ""),
                System.getProperty("user.home", "."), System.getenv());
    }

    static AppDirs resolve(String override, String osName, String home, Map<String, String> env) {
        if (override != null && !override.isBlank()) {
            Path root = Path.of(override);
            return new AppDirs(root.resolve("config"), root.resolve("data"));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            Path roaming = pathOr(env.get("APPDATA"), Path.of(home, "AppData", "Roaming"));
            Path local = pathOr(env.get("LOCALAPPDATA"), Path.of(home, "AppData", "Local"));
            return new AppDirs(roaming.resolve("Tensorlens"), local.resolve("Tensorlens"));
        }
        if (os.contains("mac")) {
            Path support = Path.of(home, "Library", "Application Support", "Tensorlens");
            return new AppDirs(support, support);
        }
        Path config = pathOr(env.get("XDG_CONFIG_HOME"), Path.of(home, ".config"));
        Path data = pathOr(env.get("XDG_DATA_HOME"), Path.of(home, ".local", "share"));
        return new AppDirs(config.resolve(APP), data.resolve(APP));
    }

    private static Path pathOr(String value, Path fallback) {
        // XDG says relative values are invalid and must be ignored
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }

    public Path logs() {
        return data.resolve("logs");
    }

    /** Where a bundled redis-server is unpacked for the demo when the machine has none. */
    public Path binaryCache() {
        return data.resolve("redis-bin");
    }
}
