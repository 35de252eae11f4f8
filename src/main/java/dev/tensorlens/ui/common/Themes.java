package dev.tensorlens.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The two AtlantaFX themes the app offers, applied once for the whole application. */
public final class Themes {

    public static final String LIGHT = new PrimerLight().getUserAgentStylesheet();
    public static final String DARK = new PrimerDark().getUserAgentStylesheet();

    /** The app's own stylesheet, which only uses the theme's colour variables so it suits both. */
    public static final String APP_CSS = Themes.class.getResource("/dev/tensorlens/ui/common/app.css").toExternalForm();

    private Themes() {
    }

    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark ? DARK : LIGHT);
    }

    public static boolean isDarkApplied() {
        return DARK.equals(Application.getUserAgentStylesheet());
    }
}
