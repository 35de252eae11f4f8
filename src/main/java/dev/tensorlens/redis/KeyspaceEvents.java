package dev.tensorlens.redis;

import dev.tensorlens.redis.PubSubHub.Subscription;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Live refresh for the key browser through keyspace notifications ({@code __keyspace@<db>__:<key>} channels, whose
 * message is the event: {@code set}, {@code del}, {@code expired}, {@code rename_from}, {@code hset}, …).
 *
 * <p>The server sends them only when {@code notify-keyspace-events} asks for them; {@link #notificationFlags()}
 * reads that setting, {@link #coversKeyspaceEvents} says whether it is enough, {@link #enableNotifications()}
 * turns it on. Notifications are fire-and-forget pub/sub: events during a disconnection are lost, so a view that
 * reconnects should list again.
 */
public final class KeyspaceEvents {

    static final String SETTING = "notify-keyspace-events";
    /**
     * The event classes the browser needs besides {@code K}: generic ({@code del}, {@code rename_*},
     * {@code expire}), string, list, set, hash, sorted set, expired, evicted, stream. {@code A} stands for all of
     * these (and {@code d}, module keys); the server reports {@code A} when all are set.
     */
    static final String NEEDED_CLASSES = "g$lshzxet";

    /** Events that mean the key no longer exists under this name. */
    private static final Set<String> GONE = Set.of("del", "expired", "evicted", "rename_from", "move_from");

    /** One notification: the key (the channel after its prefix, exact bytes) and the event name. */
    public record KeyEvent(byte[] key, String event) {
        @Override
        public String toString() {
            return event + " " + Keys.display(key);
        }

        /** The key no longer exists under this name: deleted, expired, evicted, renamed or moved away. */
        public boolean gone() {
            return isGone(event);
        }
    }

    /** Whether {@code event} means the key no longer exists under its name. */
    public static boolean isGone(String event) {
        return GONE.contains(event);
    }

    private final RedisSession session;

    public KeyspaceEvents(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /**
     * {@code CONFIG GET notify-keyspace-events}: the server's flags ({@code ""} when off). On a cluster every master
     * is asked; when they disagree the first master's flags (the one holding slot 0) come back with
     * {@code " (differs between masters: …)"} appended, so {@link #coversKeyspaceEvents} can still judge the
     * first part and a view can show the whole. Fails with a sentence when {@code CONFIG} is renamed, disabled
     * (managed services) or refused by an ACL.
     */
    public CompletableFuture<String> notificationFlags() {
        return Futures.map(readFlags(), KeyspaceEvents::agreedFlags);
    }

    /**
     * The flags of every master ({@code host:port} → flags; one entry off a cluster), for deciding: live updates need
     * every master to publish, since each notifies only about its own keys.
     */
    public CompletableFuture<Map<String, String>> notificationFlagsByMaster() {
        return readFlags();
    }

    /** Whether every master's flags {@linkplain #coversKeyspaceEvents cover} what the browser needs. */
    public static boolean everyMasterCovers(Map<String, String> byMaster) {
        return !byMaster.isEmpty() && byMaster.values().stream().allMatch(KeyspaceEvents::coversKeyspaceEvents);
    }

    private CompletableFuture<Map<String, String>> readFlags() {
        CompletableFuture<Map<String, Map<String, String>>> replies =
                session.readEachMaster("CONFIG GET " + SETTING, c -> c.configGet(SETTING));
        CompletableFuture<Map<String, String>> flags = replies.handle((byNode, failure) -> {
            if (failure != null) {
                throw configRefused("Reading", failure);
            }
            Map<String, String> result = new LinkedHashMap<>();
            byNode.forEach((node, reply) -> result.put(node, reply.getOrDefault(SETTING, "")));
            return result;
        });
        Futures.cancelTogether(flags, replies);
        return flags;
    }

    static String agreedFlags(Map<String, String> byNode) {
        String first = byNode.values().iterator().next();
        if (byNode.values().stream().allMatch(first::equals)) {
            return first;
        }
        StringBuilder all = new StringBuilder();
        byNode.forEach((node, flags) -> all.append(all.length() == 0 ? "" : ", ").append(node).append(" \"")
                .append(flags).append('"'));
        return first + " (differs between masters: " + all + ")";
    }

    /**
     * Whether {@code flags} make the server publish what the browser needs: {@code K} (keyspace channels) and
     * either {@code A} or every one of {@code g$lshzxet} (generic, string, list, set, hash, sorted set, expired,
     * evicted, stream). {@code E} (keyevent channels), {@code n} (new key) and {@code m} (key miss) are not needed;
     * {@code d} (module key types) is not required either, so servers without modules are not asked for it.
     * Only the flags before a space count (see {@link #notificationFlags()}).
     */
    public static boolean coversKeyspaceEvents(String flags) {
        if (flags == null) {
            return false;
        }
        String own = flags.split(" ", 2)[0];
        if (own.indexOf('K') < 0) {
            return false;
        }
        return own.indexOf('A') >= 0 || NEEDED_CLASSES.chars().allMatch(c -> own.indexOf(c) >= 0);
    }

    /**
     * Turns on every keyspace notification: {@code CONFIG SET notify-keyspace-events} to the flags already set
     * (other tools may rely on them, {@code E} keyevent channels say) plus {@code K} and {@code A}; on a cluster on
     * every master, all set to the union of what the masters had. Refused on a read-only profile before anything
     * is sent.
     *
     * <p>What this changes on the server: from then on every write publishes a pub/sub message per key it
     * touches (and every expiry and eviction does too), which costs the server some CPU and every subscriber
     * bandwidth, whether or not anyone listens. The setting lives in memory only: a restart forgets it unless
     * someone runs {@code CONFIG REWRITE} (or edits redis.conf), which this does not do.
     */
    public CompletableFuture<Void> enableNotifications() {
        if (session.isReadOnly()) {
            return CompletableFuture.failedFuture(
                    new ReadOnlyProfileException("CONFIG SET " + SETTING, session.profile().displayName()));
        }
        return readFlags().thenCompose(byNode -> {
            String flags = withAllKeyspaceEvents(byNode.values().toArray(String[]::new));
            return session.writeEachMaster("CONFIG SET " + SETTING, c -> c.configSet(SETTING, flags))
                    .handle((ok, failure) -> {
                        if (failure != null) {
                            throw configRefused("Changing", failure);
                        }
                        return (Void) null;
                    });
        });
    }

    /** The union of the given flag strings plus {@code K} and {@code A}, keeping their order. */
    static String withAllKeyspaceEvents(String... flags) {
        Set<Character> union = new LinkedHashSet<>();
        for (String f : flags) {
            f.chars().forEach(c -> union.add((char) c));
        }
        union.add('K');
        union.add('A');
        StringBuilder b = new StringBuilder();
        union.forEach(b::append);
        return b.toString();
    }

    /**
     * {@code PSUBSCRIBE __keyspace@<db>__:*} for the profile's database, on the session's pub/sub connection (on a
     * cluster on every master, as each notifies only about its own keys). {@code listener} is called on a Lettuce
     * thread, for every event, in the order each node sent them; it must be quick and must not block.
     * {@link Subscription#close()} unsubscribes. Nothing arrives unless the server's flags cover it.
     */
    public CompletableFuture<Subscription> subscribe(Consumer<KeyEvent> listener) {
        Objects.requireNonNull(listener);
        byte[] prefix = ("__keyspace@" + session.profile().database() + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] pattern = Arrays.copyOf(prefix, prefix.length + 1);
        pattern[prefix.length] = '*';
        return session.pubSub().psubscribeEveryMaster(pattern, (channel, message) -> {
            if (channel.length >= prefix.length) {
                listener.accept(new KeyEvent(Arrays.copyOfRange(channel, prefix.length, channel.length),
                        new String(message, StandardCharsets.US_ASCII)));
            }
        });
    }

    /** CONFIG failures in words: managed services rename or disable it, ACLs often leave it out. */
    private static RedisOperationException configRefused(String doing, Throwable failure) {
        RedisOperationException e = RedisErrors.wrap("CONFIG", failure);
        String reply = e.getMessage();
        if (reply.contains("unknown command") || reply.contains("NOPERM")) {
            return new RedisOperationException(e.operation(), doing + " the keyspace notification setting ("
                    + SETTING + ") needs the CONFIG command, which this server does not allow (managed services "
                    + "disable or rename it; ACLs may refuse it). Ask its administrator to set " + SETTING
                    + " to include KA, or refresh by hand. " + e.getMessage(), e.getCause());
        }
        return e;
    }
}
