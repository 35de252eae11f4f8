package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.ClusterMaster;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tensorlens info}: the server's version, role and size, as the dashboard's status bar shows them; for a cluster
 * (also when the URI names one of its nodes) the totals over its masters and one line per master.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the server's version, mode, role, key count and memory; for a cluster the totals and "
                + "one line per master (address, slots, keys, memory).")
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
                out.println(toJson(profile, o));
            } else {
                // the session's own target: a node of a cluster reads "cluster via host:port"
                printText(out, session.profile().target(), o);
            }
            out.flush();
        }
        return 0;
    }

    /** One object; on a cluster {@code dbsize} and {@code usedMemory} are the totals and {@code masters} lists each. */
    private static String toJson(ConnectionProfile profile, ServerOverview o) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode()
                .put("uri", profile.toUri())
                .put("version", o.info().version())
                .put("mode", o.info().mode())
                .put("role", o.role().role())
                .put("database", o.database())
                .put("dbsize", o.dbSize())
                .put("usedMemory", o.usedMemory())
                .put("roundTripMicros", o.roundTrip().toNanos() / 1000);
        ArrayNode masters = node.putArray("masters"); // empty outside a cluster
        for (ClusterMaster m : o.masters()) {
            ObjectNode master = masters.addObject()
                    .put("address", m.address())
                    .put("slotCount", m.slotCount())
                    .put("keys", m.keys())
                    .put("usedMemory", m.usedMemory());
            ArrayNode slots = master.putArray("slots");
            m.slots().forEach(range -> slots.addArray().add(range.first()).add(range.last()));
        }
        return mapper.writeValueAsString(node);
    }

    private static void printText(PrintWriter out, String target, ServerOverview o) {
        out.printf("%-10s %s%n", "server", target);
        out.printf("%-10s Redis %s (%s)%n", "version", o.info().version(), o.info().mode());
        if (!o.isCluster()) {
            out.printf("%-10s %s%n", "role", o.role().describe());
            out.printf("%-10s %d in db %d%n", "keys", o.dbSize(), o.database());
            out.printf("%-10s %s%n", "memory", o.info().get("used_memory_human"));
            return;
        }
        // ROLE and INFO went to one node; the totals and one line per master describe the cluster
        int count = o.masters().size();
        String over = ", summed over " + count + (count == 1 ? " master" : " masters");
        out.printf("%-10s %d in db %d%s%n", "keys", o.dbSize(), o.database(), over);
        out.printf("%-10s %s%s%n", "memory", human(o.usedMemory()), over);
        int addressWidth = o.masters().stream().mapToInt(m -> m.address().length()).max().orElse(0);
        int slotsWidth = o.masters().stream().mapToInt(m -> m.slotsText().length()).max().orElse(0);
        for (ClusterMaster m : o.masters()) {
            out.printf("%-10s %-" + addressWidth + "s  slots %-" + slotsWidth + "s  keys %-8d memory %s%n",
                    "master", m.address(), m.slotsText(), m.keys(), human(m.usedMemory()));
        }
    }

    /** Bytes as Redis writes {@code used_memory_human}, so the cluster's lines read like a single server's. */
    static String human(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        String units = "KMGTP";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return unit < 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%c", value, units.charAt(unit));
    }
}
