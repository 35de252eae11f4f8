package dev.tensorlens.ui.common;

/**
 * An action run in a frame after the one the UI thread is making, once however often it is asked for meanwhile: for
 * what a view does by itself on top of a change that already fills a frame (its first item opening in the frame that
 * lists it). The action runs later than asked, so it checks again that it is still wanted. UI thread.
 */
public final class NextFrameOnce {

    private final UiExecutor ui;
    private final Runnable action;
    private boolean asked;

    public NextFrameOnce(UiExecutor ui, Runnable action) {
        this.ui = ui;
        this.action = action;
    }

    public void request() {
        if (asked) {
            return;
        }
        asked = true;
        ui.executeNextFrame(() -> {
            asked = false;
            action.run();
        });
    }
}
