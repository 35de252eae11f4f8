package dev.tensorlens.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Translates a {@link ConnectionProfile} into Lettuce's URIs, options and resources. */
final class LettuceSetup {

    /** Client name shown in {@code CLIENT LIST}, so admins can tell the dashboard's connections apart. */
    static final String CLIENT_NAME = "tensorlens";

    private LettuceSetup() {
    }

    /** The data-node URI (standalone) or the sentinel URI (Sentinel). Not for Cluster: see {@link #clusterUris}. */
    static RedisURI uri(ConnectionProfile p) {
        RedisURI.Builder b;
        if (p.mode() == ConnectionMode.SENTINEL) {
            List<HostAndPort> nodes = nodes(p.sentinelNodes(), ConnectionProfile.DEFAULT_SENTINEL_PORT);
            b = RedisURI.Builder.sentinel(nodes.get(0).host(), nodes.get(0).port(), p.sentinelMaster());
            for (HostAndPort node : nodes.subList(1, nodes.size())) {
                b.withSentinel(node.host(), node.port());
            }
        } else {
            b = RedisURI.Builder.redis(p.host(), p.port());
        }
        return finish(b.withDatabase(p.database()), p);
    }

    static List<RedisURI> clusterUris(ConnectionProfile p) {
        List<RedisURI> uris = new ArrayList<>();
        for (HostAndPort node : nodes(p.clusterNodes(), ConnectionProfile.DEFAULT_PORT)) {
            uris.add(finish(RedisURI.Builder.redis(node.host(), node.port()), p));
        }
        return uris;
    }

    private static RedisURI finish(RedisURI.Builder b, ConnectionProfile p) {
        b.withTimeout(timeout(p)).withClientName(CLIENT_NAME);
        if (p.password() != null) {
            if (p.username() != null) {
                b.withAuthentication(p.username(), p.password().toCharArray());
            } else {
                b.withPassword(p.password().toCharArray());
            }
        }
        if (p.tls()) {
            b.withSsl(true).withVerifyPeer(p.verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
        return b.build();
    }

    private static List<HostAndPort> nodes(List<String> texts, int defaultPort) {
        List<HostAndPort> nodes = new ArrayList<>();
        for (String t : texts) {
            nodes.add(HostAndPort.parse(t, defaultPort));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes given");
        }
        return nodes;
    }

    static Duration timeout(ConnectionProfile p) {
        return Duration.ofMillis(p.commandTimeoutMillis());
    }

    /**
     * Own resources per session so that its event bus only carries this session's connection events,
     * and a reconnect delay capped at two seconds so a returning server is noticed quickly. Its threads are Lettuce's
     * own (Netty's, daemons) at a lower weight than the FX thread (see {@link WorkerPriority}).
     */
    static ClientResources resources() {
        return ClientResources.builder()
                .threadFactoryProvider(pool -> {
                    ThreadFactory netty = new DefaultThreadFactory(pool, true);
                    return task -> netty.newThread(WorkerPriority.lowered(task));
                })
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    static ClientOptions clientOptions(ConnectionProfile p) {
        return configure(ClientOptions.builder(), p).build();
    }

    static ClusterClientOptions clusterOptions(ConnectionProfile p) {
        ClusterClientOptions.Builder b = ClusterClientOptions.builder();
        configure(b, p);
        return b.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    /** The rules of ARCHITECTURE.md: reconnect on its own, reject (never queue) while down, time out. */
    private static <B extends ClientOptions.Builder> B configure(B b, ConnectionProfile p) {
        Duration timeout = timeout(p);
        b.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                        .keepAlive(true)
                        .build());
        if (p.tls() && p.caFile() != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(new File(p.caFile())).build());
        }
        return b;
    }
}
