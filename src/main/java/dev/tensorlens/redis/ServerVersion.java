package dev.tensorlens.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One session's server version as major × 100 + minor ({@code 7.0.15 → 700}), for commands that differ by version
 * ({@code SMISMEMBER} from 6.2, {@code SINTERCARD} from 7.0). Asked once ({@code INFO server}) and remembered, so
 * every service over the session shares the answer. A failed ask (an ACL user without {@code INFO}, a dropped
 * connection) is not remembered and reads as 0, so callers take the path every version has.
 */
final class ServerVersion {

    private static final Logger log = LoggerFactory.getLogger(ServerVersion.class);

    private final RedisSession session;
    private final AtomicReference<CompletableFuture<Integer>> known = new AtomicReference<>();

    ServerVersion(RedisSession session) {
        this.session = session;
    }

    CompletableFuture<Integer> get() {
        CompletableFuture<Integer> asking = new CompletableFuture<>();
        CompletableFuture<Integer> earlier = known.compareAndExchange(null, asking);
        if (earlier != null) {
            return earlier.copy(); // a caller cancelling its copy leaves the shared answer alone
        }
        session.read("INFO server", c -> c.info("server")).whenComplete((text, failure) -> {
            if (failure != null) {
                log.info("{} did not tell its version: {}", session.profile().target(), failure.getMessage());
                known.compareAndSet(asking, null);
                asking.complete(0);
            } else {
                asking.complete(ServerInfo.parse(text).versionNumber());
            }
        });
        return asking.copy();
    }
}
