package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.BackgroundJob;
import dev.tensorlens.redis.PersistenceService;
import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.redis.PersistenceVerdict;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * {@code tensorlens persist}: whether the server's data is on disk ({@code status}), and the actions of the Persistence
 * view: a background or blocking snapshot, an AOF rewrite, AOF on or off, on every master of a cluster. Each action
 * prints what the server started; with {@code --wait} it returns once the server reports the action finished, printing
 * the new {@code LASTSAVE} or AOF size.
 *
 * <p>Exit codes: 0 when done, 2 for usage errors and a server that cannot be reached (as every command),
 * {@value #EXIT_REFUSED_OR_FAILED} when the connected server refused the action or the action failed (a save already
 * running, {@code NOPERM}, {@code MISCONF}, a failed snapshot, {@code --wait} running out of time), with the server's
 * reason in words on stderr.
 */
@Command(name = "persist", mixinStandardHelpOptions = true,
        description = "Show whether the data is on disk, or save it: status, bgsave, save, bgrewriteaof, aof on, "
                + "aof off. On a cluster every master.%n"
                + "status --json: {\"masters\":[{\"server\",\"verdict\",\"level\",\"lastSave\",\"changesSinceLastSave\","
                + "\"bgsaveInProgress\",\"lastBgsaveStatus\",\"aofEnabled\",\"aofRewriteInProgress\",\"aofSize\",\"save\","
                + "\"dir\",\"dbfilename\",\"appendfsync\"}]}; what the server did not tell is null.%n"
                + "Exit 0 when done, 4 when the server refused the action or it failed (the reason on stderr), "
                + "2 for usage or connection errors.")
public final class PersistCommand implements Callable<Integer> {

    /** The server refused the action, or it failed, or {@code --wait} gave up: distinct from a usage error. */
    public static final int EXIT_REFUSED_OR_FAILED = 4;

    /** What the command line can ask for. */
    enum Action {
        STATUS("status"), BGSAVE("bgsave"), SAVE("save"), BGREWRITEAOF("bgrewriteaof"), AOF_ON("aof on"),
        AOF_OFF("aof off");

        final String words;

        Action(String words) {
            this.words = words;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Parameters(arity = "1..2", paramLabel = "ACTION",
            description = "status | bgsave | save | bgrewriteaof | aof on | aof off")
    List<String> words;

    @Option(names = "--wait", description = "Return once the server reports the action finished.")
    boolean waitForIt;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long --wait waits before giving up (the action goes on); default ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Action action = action();
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout: at least 1 second, not " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        int exit = server.withSession("persist " + action.words, session -> action == Action.STATUS
                ? status(session, out) : act(session, action, out));
        out.flush();
        return exit;
    }

    private Action action() {
        String text = String.join(" ", words).toLowerCase(Locale.ROOT);
        for (Action a : Action.values()) {
            if (a.words.equals(text)) {
                return a;
            }
        }
        throw new ParameterException(spec.commandLine(), "\"" + String.join(" ", words) + "\" is not an action: "
                + "status, bgsave, save, bgrewriteaof, aof on or aof off.");
    }

    private int status(RedisSession session, PrintWriter out) throws InterruptedException {
        List<PersistenceStatus> statuses = new PersistenceService(session).status().join();
        Instant now = Instant.now();
        if (json) {
            try {
                out.println(PersistReport.toJson(statuses, now, ZoneId.systemDefault()));
            } catch (Exception e) {
                throw new IllegalStateException("JSON of a status", e);
            }
        } else {
            PersistReport.printText(out, statuses, now, ZoneId.systemDefault());
        }
        return 0;
    }

    /**
     * Runs one action. Its failures, once connected, are the server's answer to it: they go to stderr in words with
     * {@link #EXIT_REFUSED_OR_FAILED}, not through the handler that gives every command exit 2.
     */
    private int act(RedisSession session, Action action, PrintWriter out) {
        PersistenceService persistence = new PersistenceService(session);
        Map<String, ObjectNode> results = new LinkedHashMap<>();
        try {
            switch (action) {
                case BGSAVE -> {
                    BackgroundJob job = persistence.bgsave().join();
                    started(out, "Background save", job, results);
                    if (waitForIt) {
                        persistence.awaitBackgroundSaveDone(job, timeout()).join()
                                .forEach((node, saved) -> saved(out, node, saved, results));
                    }
                }
                case SAVE -> {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("tensorlens: SAVE blocks the server: it answers no one else until the snapshot is "
                            + "written (bgsave does not).");
                    err.flush();
                    persistence.save().join().forEach((node, reply) -> result(results, node).put("reply", reply));
                    // SAVE is done when it answers: its new LASTSAVE is one status away, with or without --wait
                    for (PersistenceStatus s : persistence.status().join()) {
                        saved(out, s.server(), s.snapshots().lastSave(), results);
                    }
                }
                case BGREWRITEAOF -> {
                    BackgroundJob job = persistence.bgrewriteaof().join();
                    started(out, "Append-only file rewrite", job, results);
                    awaitRewrite(persistence, job, out, results);
                }
                case AOF_ON, AOF_OFF -> {
                    boolean on = action == Action.AOF_ON;
                    BackgroundJob job = persistence.setAppendOnly(on).join();
                    for (String node : job.replies().keySet()) {
                        result(results, node).put("reply", job.replies().get(node));
                        text(out, "AOF turned " + (on ? "on" : "off") + " on " + node + (on
                                ? ": the server writes the whole data set to a new append-only file first" : "")
                                + " (until it restarts: its config file is not changed).");
                    }
                    awaitRewrite(persistence, job, out, results);
                }
                default -> throw new IllegalStateException(action.name());
            }
        } catch (CompletionException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("tensorlens: " + RedisErrors.describe("persist " + action.words, e));
            err.flush();
            return EXIT_REFUSED_OR_FAILED;
        }
        if (json) {
            out.println(actionJson(action, results));
        }
        return 0;
    }

    private void awaitRewrite(PersistenceService persistence, BackgroundJob job, PrintWriter out,
                              Map<String, ObjectNode> results) {
        if (!waitForIt) {
            return;
        }
        persistence.awaitAofRewriteDone(job, timeout()).join().forEach((node, size) -> {
            result(results, node).put("aofSize", size < 0 ? null : size);
            text(out, size < 0 ? "AOF is off on " + node + "."
                    : "Append-only file on " + node + " written: " + PersistenceVerdict.count(size) + " bytes.");
        });
    }

    private void started(PrintWriter out, String what, BackgroundJob job, Map<String, ObjectNode> results) {
        job.replies().forEach((node, reply) -> {
            result(results, node).put("reply", reply);
            text(out, what + (reply.contains("scheduled") ? " scheduled" : " started") + " on " + node
                    + " (the server said \"" + reply + "\").");
        });
    }

    private void saved(PrintWriter out, String node, Instant lastSave, Map<String, ObjectNode> results) {
        result(results, node).put("lastSave", lastSave == null ? null : lastSave.toString());
        text(out, "Snapshot written on " + node + "; LASTSAVE is now " + (lastSave == null ? "unknown"
                : PersistenceVerdict.time(lastSave, Instant.now(), ZoneId.systemDefault()) + " (" + lastSave + ")")
                + ".");
    }

    /** A line of the text output; with {@code --json} only the object is printed. */
    private void text(PrintWriter out, String line) {
        if (!json) {
            out.println(line);
        }
    }

    private static ObjectNode result(Map<String, ObjectNode> results, String node) {
        return results.computeIfAbsent(node, n -> new ObjectMapper().createObjectNode().put("server", n));
    }

    /** {@code {"action":"bgsave","masters":[{"server","reply","lastSave"|"aofSize" once waited}]}}. */
    private static String actionJson(Action action, Map<String, ObjectNode> results) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode().put("action", action.words);
        ArrayNode masters = root.putArray("masters");
        results.values().forEach(masters::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException("JSON of an action", e);
        }
    }

    private Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
