package dev.tensorlens.redis;

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

    /** A TLS setting that does not match the server shows up as a reset or a stalled handshake; say so. */
    static String tls(ConnectionProfile profile, Throwable failure) {
        String text = String.valueOf(RedisErrors.unwrap(failure)) + failure.getCause();
        if (!profile.tls() && RedisErrors.closedDuringHandshake(text)) {
            return " If the server expects TLS, tick \"Use TLS\".";
        }
        if (profile.tls() && text.contains("initialization timed out")) {
            return " If the server does not speak TLS on that port, untick \"Use TLS\".";
        }
        return "";
    }
}
