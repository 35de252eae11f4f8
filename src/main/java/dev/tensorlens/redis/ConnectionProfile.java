package dev.tensorlens.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything needed to reach one Redis deployment. Immutable; change it through {@link #toBuilder()}.
 *
 * <p>{@code password} is held in memory for the session; whether it is ever written to disk is the
 * profile store's business, decided by {@code rememberPassword}.
 */
public record ConnectionProfile(
        String id,
        String name,
        ConnectionMode mode,
        String host,
        int port,
        int database,
        String username,
        String password,
        boolean rememberPassword,
        boolean tls,
        String caFile,
        boolean verifyPeer,
        String sentinelMaster,
        List<String> sentinelNodes,
        List<String> clusterNodes,
        boolean readOnly,
        long commandTimeoutMillis) {

    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

    public ConnectionProfile {
        id = blankToNull(id) == null ? UUID.randomUUID().toString() : id;
        name = name == null ? "" : name.trim();
        mode = mode == null ? ConnectionMode.STANDALONE : mode;
        host = blankToNull(host) == null ? "127.0.0.1" : host.trim();
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        caFile = blankToNull(caFile);
        sentinelMaster = blankToNull(sentinelMaster);
        sentinelNodes = sentinelNodes == null ? List.of() : List.copyOf(sentinelNodes);
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
        commandTimeoutMillis = commandTimeoutMillis <= 0 ? DEFAULT_TIMEOUT_MILLIS : commandTimeoutMillis;
    }

    /** A local standalone server on the default port, named after it. */
    public static ConnectionProfile local() {
        return builder().name("localhost").build();
    }

    /** What the profile points at, in a few words: {@code 127.0.0.1:6379 db 0}, {@code sentinel mymaster}, … */
    public String target() {
        return switch (mode) {
            case STANDALONE -> address() + (database != 0 ? " db " + database : "");
            case SENTINEL -> "sentinel " + Objects.requireNonNullElse(sentinelMaster, "?")
                    + " via " + String.join(", ", sentinelNodes);
            case CLUSTER -> "cluster via " + String.join(", ", clusterNodes);
        };
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** Name and target for messages: {@code Staging (10.0.0.5:6379)}, or the target alone when unnamed. */
    public String describe() {
        return name.isEmpty() ? target() : name + " (" + target() + ")";
    }

    /** The name to show: the user's, or the target when the user gave none. */
    public String displayName() {
        return name.isEmpty() ? target() : name;
    }

    /**
     * Problems that would stop a connection attempt, in words, or an empty list when there are none.
     * Checked before connecting so that a typo gets a sentence instead of a Netty exception.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (port < 1 || port > 65535) {
            problems.add("Port " + port + " is not between 1 and 65535.");
        }
        if (database < 0) {
            problems.add("Database index must be 0 or more.");
        }
        switch (mode) {
            case SENTINEL -> {
                if (sentinelMaster == null) {
                    problems.add("Sentinel needs the master's name.");
                }
                if (sentinelNodes.isEmpty()) {
                    problems.add("Sentinel needs at least one sentinel node (host:port).");
                }
                checkNodes(sentinelNodes, DEFAULT_SENTINEL_PORT, problems);
            }
            case CLUSTER -> {
                if (clusterNodes.isEmpty()) {
                    problems.add("Cluster needs at least one seed node (host:port).");
                }
                if (database != 0) {
                    problems.add("Redis Cluster only has database 0.");
                }
                checkNodes(clusterNodes, DEFAULT_PORT, problems);
            }
            case STANDALONE -> { }
        }
        return problems;
    }

    private static void checkNodes(List<String> nodes, int defaultPort, List<String> problems) {
        for (String node : nodes) {
            try {
                HostAndPort.parse(node, defaultPort);
            } catch (IllegalArgumentException e) {
                problems.add("Node " + e.getMessage() + ".");
            }
        }
    }

    /**
     * Reads a {@code redis://[[user]:password@]host[:port][/db]} URI; {@code rediss://} turns TLS on;
     * {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]#master} gives a Sentinel profile.
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is not such a URI
     */
    public static ConnectionProfile fromUri(String uri) {
        String text = uri == null ? "" : uri.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a redis:// URI");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase();
        Builder b = builder();
        switch (scheme) {
            case "redis" -> b.mode(ConnectionMode.STANDALONE);
            case "rediss" -> b.mode(ConnectionMode.STANDALONE).tls(true);
            case "redis-sentinel" -> b.mode(ConnectionMode.SENTINEL);
            case "rediss-sentinel" -> b.mode(ConnectionMode.SENTINEL).tls(true);
            default -> throw new IllegalArgumentException(
                    "Unknown scheme '" + scheme + "': use redis://, rediss:// or redis-sentinel://");
        }
        String rest = text.substring(schemeEnd + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            b.sentinelMaster(decode(rest.substring(hash + 1)));
            rest = rest.substring(0, hash);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                b.username(decode(userInfo.substring(0, colon)));
                b.password(decode(userInfo.substring(colon + 1)));
            } else {
                // redis-cli and Lettuce read a lone user-info token as the password
                b.password(decode(userInfo));
            }
        }
        if (!path.isEmpty()) {
            try {
                b.database(Integer.parseInt(path));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'/" + path + "' is not a database number");
            }
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no host");
        }
        if (scheme.endsWith("sentinel")) {
            List<String> nodes = new ArrayList<>();
            for (String node : authority.split(",")) {
                nodes.add(HostAndPort.parse(node, DEFAULT_SENTINEL_PORT).toString());
            }
            b.sentinelNodes(nodes);
        } else {
            HostAndPort hp = HostAndPort.parse(authority, DEFAULT_PORT);
            b.host(hp.host()).port(hp.port());
        }
        return b.build();
    }

    /**
     * The profile of a {@code --uri} given on the command line: named "Command line", with an id made of the URI without
     * its password, so that what is remembered per connection (hand-made dataset groups, …) stays apart for each
     * server and is found again the next time the same server is given.
     *
     * @throws IllegalArgumentException as {@link #fromUri} does
     */
    public static ConnectionProfile fromCommandLine(String uri) {
        ConnectionProfile read = fromUri(uri);
        return read.toBuilder().name("Command line").id("cli:" + read.toUri()).build();
    }

    /** The URI that {@link #fromUri} reads back, without the password. */
    public String toUri() {
        String user = username == null ? "" : username + "@";
        String db = database != 0 ? "/" + database : "";
        return switch (mode) {
            case STANDALONE -> (tls ? "rediss://" : "redis://") + user + address() + db;
            case SENTINEL -> (tls ? "rediss-sentinel://" : "redis-sentinel://") + user
                    + String.join(",", sentinelNodes) + db + "#" + Objects.requireNonNullElse(sentinelMaster, "");
            case CLUSTER -> (tls ? "rediss://" : "redis://") + user
                    + (clusterNodes.isEmpty() ? "" : clusterNodes.get(0));
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public ConnectionProfile withPassword(String newPassword) {
        return toBuilder().password(newPassword).build();
    }

    public ConnectionProfile withoutPassword() {
        return withPassword(null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id).name(name).mode(mode).host(host).port(port).database(database)
                .username(username).password(password).rememberPassword(rememberPassword)
                .tls(tls).caFile(caFile).verifyPeer(verifyPeer)
                .sentinelMaster(sentinelMaster).sentinelNodes(sentinelNodes).clusterNodes(clusterNodes)
                .readOnly(readOnly).commandTimeoutMillis(commandTimeoutMillis);
    }

    /** Builds profiles without a seventeen-argument constructor call. */
    public static final class Builder {
        private String id;
        private String name;
        private ConnectionMode mode = ConnectionMode.STANDALONE;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int database;
        private String username;
        private String password;
        private boolean rememberPassword;
        private boolean tls;
        private String caFile;
        private boolean verifyPeer = true;
        private String sentinelMaster;
        private List<String> sentinelNodes = List.of();
        private List<String> clusterNodes = List.of();
        private boolean readOnly;
        private long commandTimeoutMillis = DEFAULT_TIMEOUT_MILLIS;

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder mode(ConnectionMode v) { mode = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder database(int v) { database = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder rememberPassword(boolean v) { rememberPassword = v; return this; }
        public Builder tls(boolean v) { tls = v; return this; }
        public Builder caFile(String v) { caFile = v; return this; }
        public Builder verifyPeer(boolean v) { verifyPeer = v; return this; }
        public Builder sentinelMaster(String v) { sentinelMaster = v; return this; }
        public Builder sentinelNodes(List<String> v) { sentinelNodes = v; return this; }
        public Builder clusterNodes(List<String> v) { clusterNodes = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder commandTimeoutMillis(long v) { commandTimeoutMillis = v; return this; }

        public ConnectionProfile build() {
            return new ConnectionProfile(id, name, mode, host, port, database, username, password,
                    rememberPassword, tls, caFile, verifyPeer, sentinelMaster, sentinelNodes, clusterNodes,
                    readOnly, commandTimeoutMillis);
        }
    }
}
