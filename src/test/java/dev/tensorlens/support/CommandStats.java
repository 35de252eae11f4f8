package dev.tensorlens.support;

import dev.tensorlens.redis.RedisSession;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a server ran since its last {@code CONFIG RESETSTAT}, from {@code INFO commandstats}: proof from the server's
 * side of which commands reached it (and which did not). Redis 7 names subcommands {@code config|set}; 6.2 counts
 * them all under {@code config}.
 */
public final class CommandStats {

    private CommandStats() {
    }

    /** Calls per command, such as {@code sscan → 12}, {@code config|get → 6}. */
    public static Map<String, Long> read(RedisCommands<String, String> server) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : server.info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_") && line.contains(":calls=")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int from = line.indexOf("calls=") + "calls=".length();
                calls.put(name, Long.parseLong(line.substring(from, line.indexOf(',', from))));
            }
        }
        return calls;
    }

    /** How many times the server ran {@code command} (lower case, {@code config|set} for a subcommand). */
    public static long calls(RedisCommands<String, String> server, String command) {
        return read(server).getOrDefault(command, 0L);
    }

    /**
     * Waits until everything {@code session} sent so far has reached the server, so that the counts read next include
     * it: two PINGs on the same connection, the second sent after whatever a cancelled walk still sent from the
     * callback of its page in flight.
     */
    public static void settle(RedisSession session) throws Exception {
        session.ping().get(60, TimeUnit.SECONDS);
        session.ping().get(60, TimeUnit.SECONDS);
    }
}
