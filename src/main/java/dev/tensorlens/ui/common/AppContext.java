package dev.tensorlens.ui.common;

import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.settings.ProfileStore;
import dev.tensorlens.settings.UiSettings;

/** What every part of the UI is built from; made once at start-up (or once per UI test). */
public record AppContext(AppDirs dirs, ProfileStore profiles, UiSettings.Store settings, SessionModel session,
                         UiExecutor ui) {

    public static AppContext create(AppDirs dirs, UiExecutor ui) {
        return new AppContext(dirs, new ProfileStore(dirs), new UiSettings.Store(dirs), new SessionModel(ui), ui);
    }
}
