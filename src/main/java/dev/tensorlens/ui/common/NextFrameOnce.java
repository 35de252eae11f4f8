package dev.tensorlens.ui.common;

import java.util.function.BooleanSupplier;

/**
 * What a view does by itself on top of a change that already fills a frame (its first item opening in the frame that
 * lists it), run in a later frame, once however often it is asked for meanwhile: asked only while {@code wanted} holds,
 * and run only if it still holds then (the user may have opened something else in between). UI thread.
 */
public final class NextFrameOnce {

    private final UiExecutor ui;
    private final BooleanSupplier wanted;
    private final Runnable action;
    private boolean asked;

    public NextFrameOnce(UiExecutor ui, BooleanSupplier wanted, Runnable action) {
        this.ui = ui;
        this.wanted = wanted;
        this.action = action;
    }

    public void request() {
        if (asked || !wanted.getAsBoolean()) {
            return;
        }
        asked = true;
        ui.executeNextFrame(() -> {
            asked = false;
            if (wanted.getAsBoolean()) {
                action.run();
            }
        });
    }
}
