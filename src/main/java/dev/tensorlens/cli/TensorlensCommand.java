package dev.tensorlens.cli;

import dev.tensorlens.AppInfo;
import dev.tensorlens.StartupOptions;
import dev.tensorlens.redis.RedisErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code tensorlens}: with no subcommand it opens the dashboard; subcommands run in the terminal.
 */
@Command(name = "tensorlens",
        mixinStandardHelpOptions = true,
        versionProvider = TensorlensCommand.Version.class,
        description = "A dashboard for the machine-learning state kept in Redis.%n"
                + "Without a subcommand, opens the dashboard.",
        subcommands = {DatasetsCommand.class, DemoCommand.class, InfoCommand.class, InspectCommand.class,
                ModelsCommand.class, PersistCommand.class, ScanCommand.class, SeedDemoCommand.class})
public final class TensorlensCommand implements Callable<Integer> {

    /** Exit code for wrong usage and for servers that cannot be reached. */
    public static final int EXIT_USAGE_OR_CONNECTION = 2;

    @Option(names = "--demo", description = "Open the dashboard on a private demo server, removed on exit.")
    boolean demo;

    @Option(names = "--uri", paramLabel = "URI", description = "Open the dashboard connected to this server "
            + "(redis://[[user]:password@]host[:port][/db], rediss://…, redis-sentinel://…#master).")
    String uri;

    private final Consumer<StartupOptions> dashboard;

    public TensorlensCommand(Consumer<StartupOptions> dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public Integer call() {
        dashboard.accept(new StartupOptions(demo, uri));
        return 0;
    }

    /**
     * The command line with this project's conventions: usage errors and failures print one sentence
     * (never a stack trace) and exit with {@link #EXIT_USAGE_OR_CONNECTION}.
     */
    public static CommandLine commandLine(Consumer<StartupOptions> dashboard) {
        CommandLine cl = new CommandLine(new TensorlensCommand(dashboard));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tensorlens: " + RedisErrors.describe(commandLine.getCommandName(), e));
            return EXIT_USAGE_OR_CONNECTION;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tensorlens " + AppInfo.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
