package dev.tensorlens.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What to add to a failed connection's sentence when the profile, not the server, is the likely cause: a TLS setting
 * that does not match the port, or another database asked of a cluster node.
 */
final class ConnectHints {

    private ConnectHints() {
    }

    /** A cluster node refuses {@code SELECT}: a standalone profile asking for another database fails on it; say why. */
    static String clusterDatabase(ConnectionProfile profile, Throwable failure) {
        if (profile.database() == 0) {
            return "";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("SELECT is not allowed in cluster mode")) {
                return " " + profile.address() + " is a node of a Redis Cluster, and a cluster has only database 0, not "
                        + profile.database() + ": connect to database 0 to read the whole cluster.";
            }
        }
        return "";
    }

    /**
     * {@link #clusterDatabase(ConnectionProfile, Throwable)}, asking the server again when its refusal was lost: now and
     * then Lettuce reports its connection closed during the handshake ("HandshakeHandler not registered") rather than
     * the handshake's {@code SELECT} refused. Then one more connection, to database 0, asks for the database itself and
     * hears why. Completes with "" when there is nothing to add; never fails.
     */
    static CompletableFuture<String> clusterDatabase(ConnectionProfile profile, Throwable failure,
                                                     AbstractRedisClient client) {
        String known = clusterDatabase(profile, failure);
        if (!known.isEmpty() || profile.database() == 0 || profile.mode() != ConnectionMode.STANDALONE
                || !(client instanceof RedisClient standalone)
                || !RedisErrors.closedDuringHandshake(failureText(failure))) {
            return CompletableFuture.completedFuture(known);
        }
        return standalone.connectAsync(StringCodec.UTF8, LettuceSetup.uri(profile.toBuilder().database(0).build()))
                .toCompletableFuture()
                .thenCompose(connection -> connection.async().select(profile.database()).toCompletableFuture()
                        .handle((ok, refused) -> {
                            connection.closeAsync();
                            return refused == null ? "" : clusterDatabase(profile, refused);
                        }))
                .exceptionally(unreachable -> "")
                .completeOnTimeout("", 5, TimeUnit.SECONDS);
    }

    /** A TLS setting that does not match the server shows up as a reset or a stalled handshake; say so. */
    static String tls(ConnectionProfile profile, Throwable failure) {
        String text = failureText(failure);
        if (!profile.tls() && RedisErrors.closedDuringHandshake(text)) {
            return " If the server expects TLS, tick \"Use TLS\".";
        }
        if (profile.tls() && text.contains("initialization timed out")) {
            return " If the server does not speak TLS on that port, untick \"Use TLS\".";
        }
        return "";
    }

    /** A failed connection's exception and its cause as text, where a closed handshake or a TLS timeout shows. */
    private static String failureText(Throwable failure) {
        return String.valueOf(RedisErrors.unwrap(failure)) + failure.getCause();
    }
}
