package dev.tensorlens.ui.common;

import javafx.scene.control.ToggleGroup;

/** Toggle groups used as a choice of modes: a click on the pressed button must not leave none pressed. */
public final class Toggles {

    private Toggles() {
    }

    /** Keeps one button of {@code group} pressed: un-pressing the current one presses it again. */
    public static void keepOneSelected(ToggleGroup group) {
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null && old != null) {
                old.setSelected(true);
            }
        });
    }
}
