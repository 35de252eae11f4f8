package dev.tensorlens.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UiSettingsTest {

    @TempDir
    Path home;

    private AppDirs dirs() {
        return new AppDirs(home.resolve("config"), home.resolve("data"));
    }

    @Test
    void aFileFromAnOlderVersionGetsTheNewSettingsDefaults() throws Exception {
        Files.createDirectories(dirs().config());
        Files.writeString(dirs().config().resolve("settings.json"),
                "{\"darkTheme\":true,\"lastProfileId\":\"p1\",\"lastView\":\"BROWSER\"}");

        UiSettings s = new UiSettings.Store(dirs(), Runnable::run).current();

        assertThat(s.darkTheme()).isTrue();
        assertThat(s.lastView()).isEqualTo("BROWSER");
        assertThat(s.browserDelimiter()).isEqualTo(":");
        assertThat(s.bigValueBytes()).isEqualTo(1 << 20);
    }

    @Test
    void changesFromTwoPartsOfTheUiBothSurviveAndAreSaved() {
        UiSettings.Store shell = new UiSettings.Store(dirs(), Runnable::run);
        shell.update(s -> s.withDarkTheme(true));
        shell.update(s -> s.withBrowserDelimiter('/'));
        shell.update(s -> s.withBigValueBytes(10L << 20));

        UiSettings reread = new UiSettings.Store(dirs(), Runnable::run).current();
        assertThat(reread.darkTheme()).isTrue();
        assertThat(reread.browserDelimiter()).isEqualTo("/");
        assertThat(reread.bigValueBytes()).isEqualTo(10L << 20);
    }
}
