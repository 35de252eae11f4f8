package dev.tensorlens.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code INFO}, {@code DBSIZE} and {@code ROLE} for one session; on a cluster, per master too. */
public final class ServerInfoService {

    private final RedisSession session;

    public ServerInfoService(RedisSession session) {
        this.session = session;
    }

    public CompletableFuture<ServerInfo> info() {
        return Futures.map(session.read("INFO", c -> c.info("everything")), ServerInfo::parse);
    }

    /** Keys in the profile's database ({@code DBSIZE}); on a cluster, summed over every master by Lettuce. */
    public CompletableFuture<Long> dbSize() {
        return session.read("DBSIZE", RedisClusterAsyncCommands::dbsize);
    }

    public CompletableFuture<ServerRole> role() {
        return Futures.map(session.read("ROLE", RedisClusterAsyncCommands::role), ServerRole::parse);
    }

    /**
     * Each master of the session's cluster, ordered by first slot, with its slots ({@code CLUSTER NODES}, which the
     * cluster client needs anyway), keys ({@code DBSIZE}) and memory ({@code INFO memory}); empty outside a cluster.
     */
    public CompletableFuture<List<ClusterMaster>> masters() {
        if (!session.isCluster()) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<String> layout = session.read("CLUSTER NODES", RedisClusterAsyncCommands::clusterNodes);
        CompletableFuture<Map<String, Long>> keys = session.readEachMaster("DBSIZE", RedisClusterAsyncCommands::dbsize);
        CompletableFuture<Map<String, String>> memory = session.readEachMaster("INFO memory", c -> c.info("memory"));
        CompletableFuture<List<ClusterMaster>> masters = CompletableFuture.allOf(layout, keys, memory).thenApply(v -> {
            Map<String, List<ClusterMaster.SlotRange>> slots = slotsByAddress(layout.join());
            List<ClusterMaster> list = new ArrayList<>();
            keys.join().forEach((address, count) -> list.add(new ClusterMaster(address,
                    slots.getOrDefault(address, List.of()), count,
                    ServerInfo.parse(memory.join().get(address)).getLong("used_memory").orElse(-1))));
            return list;
        });
        Futures.cancelTogether(masters, layout, keys, memory);
        return masters;
    }

    /** Keyed as {@link RedisSession#readEachMaster} keys its replies: {@code host:port} as the cluster announces it. */
    private static Map<String, List<ClusterMaster.SlotRange>> slotsByAddress(String clusterNodes) {
        Map<String, List<ClusterMaster.SlotRange>> slots = new HashMap<>();
        for (RedisClusterNode node : ClusterPartitionParser.parse(clusterNodes)) {
            if (node.getUri() != null) {
                slots.put(node.getUri().getHost() + ":" + node.getUri().getPort(), ClusterMaster.ranges(node.getSlots()));
            }
        }
        return slots;
    }

    /**
     * Everything above plus a timed {@code PING}, in one future; the commands are pipelined. On a cluster the key
     * count is the sum of the masters' counts, so that it adds up with the per-master lines.
     */
    public CompletableFuture<ServerOverview> overview() {
        CompletableFuture<Duration> ping = session.ping();
        CompletableFuture<ServerInfo> info = info();
        CompletableFuture<List<ClusterMaster>> masters = masters();
        CompletableFuture<Long> dbSize = session.isCluster()
                ? Futures.map(masters, list -> list.stream().mapToLong(ClusterMaster::keys).sum()) : dbSize();
        CompletableFuture<ServerRole> role = role();
        CompletableFuture<ServerOverview> overview = CompletableFuture.allOf(ping, info, dbSize, role, masters)
                .thenApply(v -> new ServerOverview(info.join(), dbSize.join(), role.join(),
                        session.profile().database(), ping.join(), Instant.now(), masters.join()));
        Futures.cancelTogether(overview, ping, info, dbSize, role, masters);
        return overview;
    }
}
