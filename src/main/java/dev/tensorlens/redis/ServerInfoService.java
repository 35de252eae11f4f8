package dev.tensorlens.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** {@code INFO}, {@code DBSIZE} and {@code ROLE} for one session. */
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

    /** Everything above plus a timed {@code PING}, in one future; the four commands are pipelined. */
    public CompletableFuture<ServerOverview> overview() {
        CompletableFuture<Duration> ping = session.ping();
        CompletableFuture<ServerInfo> info = info();
        CompletableFuture<Long> dbSize = dbSize();
        CompletableFuture<ServerRole> role = role();
        CompletableFuture<ServerOverview> overview = CompletableFuture.allOf(ping, info, dbSize, role)
                .thenApply(v -> new ServerOverview(info.join(), dbSize.join(), role.join(),
                        session.profile().database(), ping.join(), Instant.now()));
        Futures.cancelTogether(overview, ping, info, dbSize, role);
        return overview;
    }
}
