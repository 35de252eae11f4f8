package dev.tensorlens.support;

import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the UI tests share: a private config folder per test, waiting, and screenshots. */
public final class UiTestSupport {

    private static final Path TEST_HOME = Path.of(System.getProperty("tensorlens.home", "target/test-home"));
    public static final Path SCREENSHOTS = Path.of(System.getProperty("tensorlens.screenshots", "target/screenshots"));

    private UiTestSupport() {
    }

    /** A fresh config and data folder, so no test sees another's profiles or settings. */
    public static AppDirs freshDirs() {
        Path root = TEST_HOME.resolve(UUID.randomUUID().toString());
        return new AppDirs(root.resolve("config"), root.resolve("data"));
    }

    public static AppContext freshContext() {
        return AppContext.create(freshDirs(), UiExecutor.fx());
    }

    /**
     * Shows a view alone in the test's stage at the screen's corner, in the app's style sheet; FX thread. Keep the
     * size inside Monocle's 1280×800 headless screen: a bigger scene overflows its painter's buffer, and later
     * clicks then find no node.
     */
    public static void show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Themes.APP_CSS);
        stage.setX(0);
        stage.setY(0);
        stage.setScene(scene);
        // the stage is shared by the test classes of a run: one that sized it (the plots' tests) would otherwise
        // leave this view in a smaller window, with its buttons out of sight
        stage.sizeToScene();
        stage.show();
    }

    /** In a scene, and neither it nor any parent hidden: what the user can see (other views stay made, hidden). */
    public static boolean shown(Node node) {
        if (node == null || node.getScene() == null) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The names a trail (a ControlsFX {@code BreadCrumbBar}) shows, first to last, as its buttons read; FX thread. */
    public static List<String> crumbs(Node trail) {
        return trail.lookupAll(".button").stream().filter(Labeled.class::isInstance)
                .map(b -> ((Labeled) b).getText()).toList();
    }

    /** Waits for a condition checked on the FX thread, failing with {@code what} when it does not come true. */
    public static void waitUntil(long seconds, String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                    () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + seconds + " s: " + what);
        }
    }

    /** Writes the scene as {@code target/screenshots/<name>.png}. */
    public static Path screenshot(Scene scene, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("screenshot " + name + " failed", e);
        }
    }
}
