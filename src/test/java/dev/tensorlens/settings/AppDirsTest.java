package dev.tensorlens.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppDirsTest {

    @Test
    void linuxFollowsXdg() {
        AppDirs dirs = AppDirs.resolve(null, "Linux", "/home/ada",
                Map.of("XDG_CONFIG_HOME", "/home/ada/.cfg", "XDG_DATA_HOME", "relative/ignored"));

        assertThat(dirs.config()).isEqualTo(Path.of("/home/ada/.cfg/tensorlens"));
        assertThat(dirs.data()).isEqualTo(Path.of("/home/ada/.local/share/tensorlens"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/home/ada/.local/share/tensorlens/logs"));
    }

    @Test
    void linuxWithoutXdgUsesDotConfig() {
        assertThat(AppDirs.resolve(null, "Linux", "/home/ada", Map.of()).config())
                .isEqualTo(Path.of("/home/ada/.config/tensorlens"));
    }

    @Test
    void windowsUsesAppData() {
        AppDirs dirs = AppDirs.resolve(null, "Windows 11", "/Users/ada",
                Map.of("APPDATA", "/roaming", "LOCALAPPDATA", "/local"));

        assertThat(dirs.config()).isEqualTo(Path.of("/roaming/Tensorlens"));
        assertThat(dirs.data()).isEqualTo(Path.of("/local/Tensorlens"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(AppDirs.resolve(null, "Mac OS X", "/Users/ada", Map.of()).config())
                .isEqualTo(Path.of("/Users/ada/Library/Application Support/Tensorlens"));
    }

    @Test
    void overridePutsEverythingInOneFolder() {
        AppDirs dirs = AppDirs.resolve("/tmp/tl", "Linux", "/home/ada", Map.of());

        assertThat(dirs.config()).isEqualTo(Path.of("/tmp/tl/config"));
        assertThat(dirs.data()).isEqualTo(Path.of("/tmp/tl/data"));
    }
}
