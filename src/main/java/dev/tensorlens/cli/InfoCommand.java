package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfoService;
import dev.tensorlens.redis.ServerOverview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tensorlens info}: the server's version, role and size, as the dashboard's status bar shows them. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the server's version, mode, role, key count and memory.")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ConnectionProfile profile = server.profile();
        PrintWriter out = spec.commandLine().getOut();
        try (RedisSession session = RedisSession.open(profile).join()) {
            ServerOverview o = new ServerInfoService(session).overview().join();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode node = mapper.createObjectNode()
                        .put("uri", profile.toUri())
                        .put("version", o.info().version())
                        .put("mode", o.info().mode())
                        .put("role", o.role().role())
                        .put("database", o.database())
                        .put("dbsize", o.dbSize())
                        .put("usedMemory", o.info().getLong("used_memory").orElse(-1))
                        .put("roundTripMicros", o.roundTrip().toNanos() / 1000);
                out.println(mapper.writeValueAsString(node));
            } else {
                out.printf("%-10s %s%n", "server", profile.target());
                out.printf("%-10s Redis %s (%s)%n", "version", o.info().version(), o.info().mode());
                out.printf("%-10s %s%n", "role", o.role().describe());
                out.printf("%-10s %d in db %d%n", "keys", o.dbSize(), o.database());
                out.printf("%-10s %s%n", "memory", o.info().get("used_memory_human"));
            }
            out.flush();
        }
        return 0;
    }
}
