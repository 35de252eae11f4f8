package dev.tensorlens.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.KeyScanner;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ScanRequest;
import dev.tensorlens.redis.ScanSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code tensorlens scan}: the keys of a server, with {@code SCAN} (never {@code KEYS}), printed page by page as
 * they arrive. Keys that are not printable UTF-8 are escaped as {@link Keys#display} does ({@code \xff}), which
 * {@code inspect} reads back. On a cluster node the whole cluster is scanned, every master.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "List keys with SCAN (never KEYS), one per line as they arrive; binary keys are escaped "
                + "(\\xNN). On a cluster every master is scanned.%nExit 0, or 2 for usage or connection errors.")
public final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Option(names = "--match", paramLabel = "PATTERN",
            description = "Redis glob (*, ?, [..], \\ escapes); a pattern without glob characters looks the key up "
                    + "directly. \\xNN escapes give binary bytes.")
    String match;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only keys of this type: string, list, set, zset, hash, stream, or a module type.")
    String type;

    @Option(names = "--count", description = "Print only how many keys match.")
    boolean countOnly;

    @Option(names = "--json", description = "Print a JSON array of keys (escaped as above), or {\"count\": n}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ConnectionProfile profile = server.profile();
        ScanRequest request = ScanRequest.all().withType(type);
        if (match != null) {
            // Keys.bytes turns \xNN into bytes and keeps every other backslash, so glob escapes like \* survive.
            request = request.withMatch(Keys.bytes(match));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RedisSession session = RedisSession.open(profile).join()) { // a cluster node opens the whole cluster
            Consumer<List<byte[]>> printer = countOnly ? keys -> { } : json ? new JsonPrinter(out) : keys -> {
                StringBuilder b = new StringBuilder(keys.size() * 24);
                for (byte[] key : keys) {
                    b.append(Keys.display(key)).append('\n');
                }
                out.write(b.toString());
                out.flush();
            };
            if (json && !countOnly) {
                out.write('[');
            }
            ScanSummary summary = new KeyScanner(session).scan(request, printer).result().join();
            if (countOnly) {
                out.println(json ? "{\"count\": " + summary.keysSeen() + "}" : String.valueOf(summary.keysSeen()));
            } else if (json) {
                out.println("]");
            }
            out.flush();
        }
        return 0;
    }

    /** Writes keys as JSON strings, comma-separated across pages; the brackets are written by the command. */
    private static final class JsonPrinter implements Consumer<List<byte[]>> {
        private final PrintWriter out;
        private boolean first = true;

        JsonPrinter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void accept(List<byte[]> keys) {
            StringBuilder b = new StringBuilder(keys.size() * 26);
            JsonStringEncoder encoder = JsonStringEncoder.getInstance();
            for (byte[] key : keys) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append('"');
                encoder.quoteAsString(Keys.display(key), b);
                b.append('"');
            }
            out.write(b.toString());
            out.flush();
        }
    }
}
