package dev.tensorlens.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the server view, the status bar and {@code tensorlens info} show about a server, fetched together. On a cluster
 * {@code info} and {@code role} come from one node, while {@code dbSize} is the sum over {@code masters}, which lists
 * each master; outside a cluster {@code masters} is empty.
 */
public record ServerOverview(ServerInfo info, long dbSize, ServerRole role, int database,
                             Duration roundTrip, Instant fetchedAt, List<ClusterMaster> masters) {

    public ServerOverview {
        masters = List.copyOf(masters);
    }

    public boolean isCluster() {
        return !masters.isEmpty();
    }

    /** Bytes in use: on a cluster the sum over the masters that said, else the server's {@code used_memory}; -1 if unknown. */
    public long usedMemory() {
        if (!isCluster()) {
            return info.getLong("used_memory").orElse(-1);
        }
        long known = masters.stream().mapToLong(ClusterMaster::usedMemory).filter(bytes -> bytes >= 0).sum();
        return masters.stream().anyMatch(m -> m.usedMemory() >= 0) ? known : -1;
    }
}
