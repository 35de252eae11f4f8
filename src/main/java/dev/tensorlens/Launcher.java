package dev.tensorlens;

import dev.tensorlens.cli.TensorlensCommand;
import dev.tensorlens.settings.AppDirs;
import dev.tensorlens.ui.TensorlensApp;

/**
 * The main class. No arguments (or only dashboard options such as {@code --demo}) open the dashboard;
 * a subcommand runs the command line. Kept free of JavaFX types so that the command line never loads
 * the toolkit.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        // Before the first logger exists: logs go to the app's data folder, not the terminal.
        if (System.getProperty("tensorlens.logdir") == null) {
            System.setProperty("tensorlens.logdir", AppDirs.forThisMachine().logs().toString());
        }
        int exit = TensorlensCommand.commandLine(options -> TensorlensApp.launch(options)).execute(args);
        // Lettuce and Netty leave non-daemon threads behind; the process ends here either way.
        System.exit(exit);
    }
}
