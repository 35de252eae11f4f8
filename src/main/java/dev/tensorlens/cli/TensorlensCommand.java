package dev.tensorlens.cli;

import dev.tensorlens.AppInfo;
import dev.tensorlens.StartupOptions;
import dev.tensorlens.redis.RedisErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

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

    @Option(names = "--smoke", description = "Check that the dashboard works: open every view once on a private "
            + "demo server, print one line ('tensorlens smoke ok: …' or, on standard error, 'tensorlens smoke failed: "
            + "…') and exit (0 when every view drew).")
    boolean smoke;

    @Option(names = "--smoke-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --smoke: give up after this many seconds (default: ${DEFAULT-VALUE}).")
    int smokeTimeoutSeconds;

    @Option(names = "--headless", description = "With --smoke: run without a display (JavaFX's Monocle), as on a "
            + "build machine.")
    boolean headless;

    @Spec
    CommandSpec spec;

    private final ToIntFunction<StartupOptions> dashboard;

    /** @param dashboard opens the dashboard, returns when it is closed, and gives the exit code */
    public TensorlensCommand(ToIntFunction<StartupOptions> dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public Integer call() {
        return dashboard.applyAsInt(startupOptions());
    }

    /** The dashboard options as one value; combinations that mean nothing are usage errors, not silently dropped. */
    private StartupOptions startupOptions() {
        if (!smoke) {
            if (headless || spec.commandLine().getParseResult().hasMatchedOption("--smoke-timeout")) {
                throw new ParameterException(spec.commandLine(), "--headless and --smoke-timeout only go with --smoke.");
            }
            return new StartupOptions(demo, uri);
        }
        if (uri != null) {
            throw new ParameterException(spec.commandLine(),
                    "--smoke runs on a demo server of its own: it does not take --uri.");
        }
        if (smokeTimeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--smoke-timeout: " + smokeTimeoutSeconds
                    + " is not a number of seconds.");
        }
        return new StartupOptions(true, null,
                new StartupOptions.Smoke(Duration.ofSeconds(smokeTimeoutSeconds), headless));
    }

    /**
     * The command line with this project's conventions: usage errors and failures print one sentence
     * (never a stack trace) and exit with {@link #EXIT_USAGE_OR_CONNECTION}.
     */
    public static CommandLine commandLine(ToIntFunction<StartupOptions> dashboard) {
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
