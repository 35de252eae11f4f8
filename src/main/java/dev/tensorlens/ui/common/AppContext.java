package dev.tensorlens.ui.common;

import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.settings.ProfileStore;
import dev.tensorlens.settings.UiSettings;

/**
 * What every part of the UI is built from; made once at start-up (or once per UI test) and closed once:
 * {@link #close()} ends the connection and stops the threads without blocking the caller.
 */
public record AppContext(AppDirs dirs, ProfileStore profiles, UiSettings.Store settings, SessionModel session,
                         UiExecutor ui, AppExecutors executors, TaskList tasks) {

    public static AppContext create(AppDirs dirs, UiExecutor ui) {
        AppExecutors executors = new AppExecutors();
        return new AppContext(dirs, new ProfileStore(dirs), new UiSettings.Store(dirs, executors.files()),
                new SessionModel(ui, executors.timers()), ui, executors, new TaskList());
    }

    /** The window is closing: cancel the listed work, let the connection go in the background, stop the threads. */
    public void close() {
        tasks.cancelAll();
        session.closeInBackground();
        executors.shutdown();
    }
}
