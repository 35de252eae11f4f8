package dev.tensorlens.ui.common;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

import java.util.Locale;

/** The main window's views, in navigation order. */
public enum ViewId {
    BROWSER("Browser", "Keys and values", Feather.LIST),
    MODELS("Models", "Stored models and checkpoints", Feather.LAYERS),
    DATA("Data", "Cached preprocessed arrays", Feather.GRID),
    DATASETS("Datasets", "Train / val / test membership", Feather.PIE_CHART),
    PERSISTENCE("Persistence", "RDB snapshots and AOF", Feather.HARD_DRIVE),
    SERVER("Server", "INFO, memory, clients, keyspace", Feather.SERVER);

    private final String title;
    private final String subtitle;
    private final Ikon icon;

    ViewId(String title, String subtitle, Ikon icon) {
        this.title = title;
        this.subtitle = subtitle;
        this.icon = icon;
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    public Ikon icon() {
        return icon;
    }

    /** A stable lower-case name for file names and CSS ids: {@code browser}, {@code server}, … */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
