package dev.tensorlens.ui.smoke;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --headless}: JavaFX without a display, through Monocle's headless platform, so that a build machine can
 * start the packaged app with {@code --smoke --headless} and no JVM options of its own. The properties are read when
 * the toolkit starts, so this runs before it; a value given with {@code -D} wins.
 */
final class Headless {

    private static final Map<String, String> MONOCLE = new LinkedHashMap<>();

    static {
        MONOCLE.put("glass.platform", "Monocle");
        MONOCLE.put("monocle.platform", "Headless");
        MONOCLE.put("prism.order", "sw"); // no GPU behind a headless screen
        MONOCLE.put("java.awt.headless", "true");
    }

    /** What Monocle, a jar on the class path, reaches inside JavaFX when JavaFX runs as named modules (jlink). */
    private static final List<String[]> EXPORTS = List.of(
            new String[] {"javafx.graphics", "com.sun.glass.ui"},
            new String[] {"javafx.graphics", "com.sun.javafx.util"},
            new String[] {"javafx.base", "com.sun.javafx.logging"});

    private Headless() {
    }

    static void use() {
        MONOCLE.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    /**
     * Why Monocle cannot start here, in words, or empty when it can. Without this check the toolkit fails later with
     * an {@code IllegalAccessError} deep inside JavaFX; exports cannot be added from inside a running JVM, so the
     * launcher's Java options must carry them.
     */
    static Optional<String> problem() {
        if (Headless.class.getClassLoader().getResource("com/sun/glass/ui/monocle/HeadlessPlatformFactory.class") == null) {
            return Optional.of("--headless needs JavaFX's Monocle (org.testfx:openjfx-monocle) on the class path, "
                    + "and it is not there");
        }
        Module here = Headless.class.getModule();
        // all of them at once, so that one change to the launcher fixes it
        List<String> missing = EXPORTS.stream()
                .filter(e -> ModuleLayer.boot().findModule(e[0]).map(m -> !m.isExported(e[1], here)).orElse(false))
                .map(e -> "--add-exports=" + e[0] + "/" + e[1] + "=ALL-UNNAMED")
                .toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("--headless needs " + String.join(" ", missing)
                + " among the launcher's Java options (JavaFX runs as modules here)");
    }
}
