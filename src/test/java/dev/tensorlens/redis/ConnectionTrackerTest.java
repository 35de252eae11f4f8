package dev.tensorlens.redis;

import io.lettuce.core.event.DefaultEventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The state a session shows, from the events Lettuce publishes for all of the client's connections. */
class ConnectionTrackerTest {

    static final InetSocketAddress DATA = new InetSocketAddress("127.0.0.1", 6379);
    static final InetSocketAddress SENTINEL = new InetSocketAddress("127.0.0.1", 26379);

    final List<ConnectionState> changes = new ArrayList<>();

    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    ConnectionTracker tracker(List<HostAndPort> sentinels) {
        ConnectionTracker t = new ConnectionTracker(sentinels);
        t.onChange(changes::add);
        return t;
    }

    @Test
    void shortLivedConnectionsDoNotFlipTheState() {
        ConnectionTracker t = tracker(List.of());
        t.onEvent(new ConnectionActivatedEvent(local(50000), DATA));
        // a cluster topology refresh: opens, asks CLUSTER NODES, closes
        t.onEvent(new ConnectionActivatedEvent(local(50001), DATA));
        t.onEvent(new ConnectionDeactivatedEvent(local(50001), DATA));

        assertThat(t.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).containsExactly(ConnectionState.CONNECTED);
    }

    @Test
    void caughtUpCompletesOnlyOnceTheEventsPublishedBeforeItHaveArrived() throws Exception {
        // the bus delivers on a thread of its own: held here, as a busy one would be, while a cluster connects
        var deliveries = reactor.core.scheduler.Schedulers.newSingle("test-bus");
        CountDownLatch held = new CountDownLatch(1);
        deliveries.schedule(() -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var bus = new DefaultEventBus(deliveries);
        ConnectionTracker t = tracker(List.of());
        var subscription = bus.get().subscribe(t::onEvent);
        try {
            // the topology look-up's connection opens and closes, then the command connection opens
            bus.publish(new ConnectionActivatedEvent(local(50001), DATA));
            bus.publish(new ConnectionDeactivatedEvent(local(50001), DATA));
            bus.publish(new ConnectionActivatedEvent(local(50002), DATA));
            var caughtUp = t.caughtUp(bus);

            assertThat(caughtUp).as("not before the events ahead of it").isNotDone();
            held.countDown();
            caughtUp.get(10, TimeUnit.SECONDS);
            assertThat(t.state()).isEqualTo(ConnectionState.CONNECTED);
        } finally {
            held.countDown();
            subscription.dispose();
            deliveries.dispose();
        }
    }

    @Test
    void lostThenFailingThenBack() {
        ConnectionTracker t = tracker(List.of());
        t.onEvent(new ConnectionActivatedEvent(local(50000), DATA));

        t.onEvent(new ConnectionDeactivatedEvent(local(50000), DATA));
        assertThat(t.state()).isEqualTo(ConnectionState.RECONNECTING);

        t.onEvent(new ReconnectFailedEvent(local(50000), DATA, new IOException("refused"), 1));
        assertThat(t.state()).isEqualTo(ConnectionState.DISCONNECTED);

        t.onEvent(new ConnectionActivatedEvent(local(50002), DATA));
        assertThat(t.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).containsExactly(ConnectionState.CONNECTED, ConnectionState.RECONNECTING,
                ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
    }

    @Test
    void sentinelLookupsWhileTheMasterIsDownAreNotConnections() {
        ConnectionTracker t = tracker(List.of(new HostAndPort("127.0.0.1", 26379)));
        t.onEvent(new ConnectionActivatedEvent(local(50000), SENTINEL));
        t.onEvent(new ConnectionDeactivatedEvent(local(50000), SENTINEL));
        t.onEvent(new ConnectionActivatedEvent(local(50001), DATA));
        t.onEvent(new ConnectionDeactivatedEvent(local(50001), DATA));
        t.onEvent(new ReconnectFailedEvent(local(50001), DATA, new IOException("refused"), 1));

        // each reconnect attempt asks a sentinel first
        t.onEvent(new ConnectionActivatedEvent(local(50002), SENTINEL));
        t.onEvent(new ConnectionDeactivatedEvent(local(50002), SENTINEL));
        t.onEvent(new ReconnectFailedEvent(local(50003), DATA, new IOException("refused"), 2));

        assertThat(changes).containsExactly(ConnectionState.CONNECTED, ConnectionState.RECONNECTING,
                ConnectionState.DISCONNECTED);
    }

    @Test
    void aSecondConnectionKeepsTheSessionUpWhileTheOtherReconnects() {
        ConnectionTracker t = tracker(List.of());
        t.onEvent(new ConnectionActivatedEvent(local(50000), DATA));
        t.onEvent(new ConnectionActivatedEvent(local(50001), new InetSocketAddress("127.0.0.1", 7001)));

        t.onEvent(new ConnectionDeactivatedEvent(local(50001), new InetSocketAddress("127.0.0.1", 7001)));

        assertThat(t.state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
