package dev.tensorlens.support;

import dev.tensorlens.ui.common.AppContext;
import dev.tensorlens.ui.common.Themes;
import dev.tensorlens.ui.shell.MainWindow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window for a TestFX test: light theme, a private config folder, and everything closed
 * after each test (the connection on the FX thread, then every window).
 */
@ExtendWith(ApplicationExtension.class)
public abstract class MainWindowTestBase {

    protected AppContext context;
    protected MainWindow window;

    // TestFX only looks for @Start on the test class itself, so the base class starts the window here.
    @BeforeEach
    void startMainWindow() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(false);
            context = UiTestSupport.freshContext();
            window = new MainWindow(context);
            // TestFX hands every test the same stage: a test that showed a smaller scene on it must not shrink this
            // one, and the window must stay inside Monocle's headless screen, whose painter fails past its edge
            stage.setX(0);
            stage.setY(0);
            window.show(stage);
            stage.sizeToScene();
        }).get();
    }

    @AfterEach
    void closeMainWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> context.session().close()).get();
        FxToolkit.cleanupStages();
    }
}
