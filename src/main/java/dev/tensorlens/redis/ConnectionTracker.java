package dev.tensorlens.redis;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ConnectionEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Works out a session's {@link ConnectionState} from the events on its Lettuce event bus.
 *
 * <p>The bus carries every connection the client makes, not only the command connection: Cluster topology
 * refreshes and Sentinel master look-ups open and close short-lived connections, pub/sub has its own. So the
 * last event cannot simply win. Instead the tracker keeps the set of live data-node channels: a short-lived
 * connection adds and removes itself without changing the state, connections to sentinels are left out, and
 * the session is connected while at least one data channel is up. When none is, it is reconnecting, and
 * disconnected once a reconnect attempt has failed.
 */
final class ConnectionTracker {

    private final Set<String> liveChannels = ConcurrentHashMap.newKeySet();
    private final List<HostAndPort> sentinels;
    private volatile boolean reconnectFailing;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile Consumer<ConnectionState> onChange = s -> { };

    ConnectionTracker(List<HostAndPort> sentinels) {
        this.sentinels = List.copyOf(sentinels);
    }

    static ConnectionTracker forProfile(ConnectionProfile profile) {
        if (profile.mode() != ConnectionMode.SENTINEL) {
            return new ConnectionTracker(List.of());
        }
        return new ConnectionTracker(profile.sentinelNodes().stream()
                .map(n -> HostAndPort.parse(n, ConnectionProfile.DEFAULT_SENTINEL_PORT)).toList());
    }

    void onChange(Consumer<ConnectionState> listener) {
        this.onChange = listener;
    }

    ConnectionState state() {
        return state;
    }

    /**
     * Completes once every event published on {@code bus} before this call has reached the tracker. The bus delivers
     * events on a thread of its own, behind the connect that made them: a cluster session's open came back while the
     * topology look-up's connection had been seen closing and the command connection not yet seen opening, and the
     * session said RECONNECTING right after it connected. A marker published now arrives after all of them.
     */
    CompletableFuture<Void> caughtUp(EventBus bus) {
        Marker marker = new Marker();
        bus.publish(marker);
        return marker.reached;
    }

    /** An event of our own, only ever seen by the tracker that published it. */
    private static final class Marker implements Event {
        final CompletableFuture<Void> reached = new CompletableFuture<>();
    }

    synchronized void onEvent(Event event) {
        if (event instanceof Marker marker) {
            marker.reached.complete(null);
            return;
        }
        if (!(event instanceof ConnectionEvent ce) || isSentinel(ce.remoteAddress())) {
            return;
        }
        String channel = ce.localAddress() + "->" + ce.remoteAddress();
        if (event instanceof ConnectionActivatedEvent) {
            liveChannels.add(channel);
            reconnectFailing = false;
        } else if (event instanceof ConnectionDeactivatedEvent) {
            liveChannels.remove(channel);
        } else if (event instanceof ReconnectFailedEvent) {
            reconnectFailing = true;
        } else {
            return;
        }
        ConnectionState next = !liveChannels.isEmpty() ? ConnectionState.CONNECTED
                : reconnectFailing ? ConnectionState.DISCONNECTED : ConnectionState.RECONNECTING;
        if (next != state) {
            state = next;
            onChange.accept(next);
        }
    }

    private boolean isSentinel(SocketAddress address) {
        if (sentinels.isEmpty() || !(address instanceof InetSocketAddress inet)) {
            return false;
        }
        for (HostAndPort s : sentinels) {
            if (s.port() == inet.getPort() && (s.host().equalsIgnoreCase(inet.getHostString())
                    || inet.getAddress() != null && s.host().equals(inet.getAddress().getHostAddress()))) {
                return true;
            }
        }
        return false;
    }
}
