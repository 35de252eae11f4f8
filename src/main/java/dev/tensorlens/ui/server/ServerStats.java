package dev.tensorlens.ui.server;

import dev.tensorlens.redis.ConnectionCheck;
import dev.tensorlens.redis.ServerInfo;
import dev.tensorlens.redis.ServerOverview;
import dev.tensorlens.ui.common.HumanReadable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The cards at the top of the server view, worked out from one {@link ServerOverview}. */
public final class ServerStats {

    /** One card: what it is, its headline value, and a line of detail. */
    public record Stat(String id, String title, String value, String detail) {
    }

    private ServerStats() {
    }

    public static List<Stat> of(ServerOverview o) {
        ServerInfo info = o.info();
        List<Stat> stats = new ArrayList<>();
        String uptime = info.getLong("uptime_in_seconds").isPresent()
                ? " · up " + HumanReadable.duration(Duration.ofSeconds(info.getLong("uptime_in_seconds").getAsLong()))
                : "";
        stats.add(new Stat("version", "Server", "Redis " + orDash(info.version()), orDash(info.mode()) + uptime));
        stats.add(new Stat("role", "Role", o.role().role(), roleDetail(o)));
        long expiring = info.keyspace().stream().filter(k -> k.database() == o.database())
                .mapToLong(k -> k.expires()).sum();
        stats.add(new Stat("keys", "Keys", HumanReadable.count(o.dbSize()),
                "in db " + o.database() + " · " + HumanReadable.count(expiring) + " with a TTL"));
        stats.add(new Stat("memory", "Memory used", bytesOrDash(info.getLong("used_memory")), memoryDetail(info)));
        stats.add(new Stat("clients", "Clients", info.getLong("connected_clients").isPresent()
                ? HumanReadable.count(info.getLong("connected_clients").getAsLong()) : "–",
                info.getLong("blocked_clients").orElse(0) + " blocked"));
        stats.add(new Stat("persistence", "Persistence", persistenceMode(info), persistenceDetail(info, o.fetchedAt())));
        stats.add(new Stat("latency", "Round trip", ConnectionCheck.formatMillis(o.roundTrip()), "PING from this app"));
        return stats;
    }

    private static String roleDetail(ServerOverview o) {
        String d = o.role().describe();
        int dot = d.indexOf(" · ");
        return dot >= 0 ? d.substring(dot + 3) : d.startsWith(o.role().role()) ? d.substring(o.role().role().length()).trim() : d;
    }

    private static String memoryDetail(ServerInfo info) {
        String peak = "peak " + bytesOrDash(info.getLong("used_memory_peak"));
        long max = info.getLong("maxmemory").orElse(0);
        String limit = max == 0 ? "no limit" : "limit " + HumanReadable.bytes(max);
        String policy = info.get("maxmemory_policy");
        return peak + " · " + limit + (policy != null && max != 0 ? " (" + policy + ")" : "");
    }

    private static String persistenceMode(ServerInfo info) {
        return "1".equals(info.get("aof_enabled")) ? "RDB + AOF" : "RDB";
    }

    private static String persistenceDetail(ServerInfo info, Instant now) {
        if ("1".equals(info.get("rdb_bgsave_in_progress"))) {
            return "snapshot in progress…";
        }
        OptionalLong lastSave = info.getLong("rdb_last_save_time");
        String changes = HumanReadable.count(info.getLong("rdb_changes_since_last_save").orElse(0)) + " changes since";
        // Redis sets rdb_last_save_time to its start time; rdb_saves (Redis 7+) tells whether it ever saved.
        boolean neverSaved = lastSave.isEmpty() || lastSave.getAsLong() == 0
                || info.getLong("rdb_saves").orElse(-1) == 0;
        if (neverSaved) {
            return "no snapshot since start · " + changes;
        }
        Duration ago = Duration.between(Instant.ofEpochSecond(lastSave.getAsLong()), now);
        String status = info.get("rdb_last_bgsave_status");
        return "last save " + HumanReadable.duration(ago) + " ago"
                + (status != null && !"ok".equals(status) ? " (" + status + ")" : "")
                + " · " + changes;
    }

    private static String bytesOrDash(OptionalLong n) {
        return n.isPresent() ? HumanReadable.bytes(n.getAsLong()) : "–";
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }
}
