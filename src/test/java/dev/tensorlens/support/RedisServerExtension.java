package dev.tensorlens.support;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for one test class: on a free port, in a fresh folder under {@code target/},
 * from the binary on {@code PATH} or the one inside embedded-redis. It can be stopped, killed and started
 * again keeping its folder, and is stopped after the class even when tests fail (a JVM shutdown hook
 * covers a crashed run).
 *
 * <pre>{@code @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();}</pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Path TARGET = Path.of(System.getProperty("tensorlens.testdir", "target"));

    private final List<String> extraArgs;
    private boolean debugCommand;
    private RedisProcess process;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisSession appSession;

    public RedisServerExtension(String... extraArgs) {
        this.extraArgs = List.of(extraArgs);
    }

    /** Allows {@code DEBUG} (Redis 7 refuses it unless started with {@code --enable-debug-command}). */
    public RedisServerExtension withDebugCommand() {
        this.debugCommand = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        RedisBinary binary = RedisBinary.locate(TARGET.resolve("redis-bin"));
        Path root = Files.createDirectories(TARGET.resolve("redis-servers"));
        Path dir = Files.createTempDirectory(root, context.getRequiredTestClass().getSimpleName() + "-");
        List<String> args = new ArrayList<>(extraArgs);
        if (debugCommand && binary.versionNumber() >= 700) {
            args.addAll(List.of("--enable-debug-command", "local"));
        }
        process = RedisProcess.start(binary, dir, args);
    }

    /**
     * A session of the app's own on this server, opened on first use and closed before the server stops: for the
     * service-layer tests, so none of them opens and closes one by hand.
     */
    public synchronized RedisSession session() {
        if (appSession == null) {
            appSession = RedisSession.open(profile()).orTimeout(10, TimeUnit.SECONDS).join();
        }
        return appSession;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (appSession != null) {
            appSession.close();
            appSession = null;
        }
        if (connection != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (process != null) {
            process.close();
        }
    }

    public int port() {
        return process.port();
    }

    public String uri() {
        return process.uri();
    }

    public RedisBinary binary() {
        return process.binary();
    }

    public Path dir() {
        return process.dir();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** A standalone profile for this server. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder().name("test server").host("127.0.0.1").port(port())
                .commandTimeoutMillis(5_000).build();
    }

    /**
     * A plain Lettuce connection for arranging and checking data from the test's side, independent of the
     * code under test.
     */
    public synchronized RedisCommands<String, String> sync() {
        if (connection == null) {
            client = RedisClient.create(uri());
            connection = client.connect();
        }
        return connection.sync();
    }

    /** {@code MSET prefix0 v0 … prefix(n-1) v(n-1)}: known keys and values, in one command, no DEBUG needed. */
    public void writeKeys(String prefix, int n) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(prefix + i, "v" + i);
        }
        sync().mset(values);
    }

    /**
     * {@code DEBUG POPULATE count prefix}: {@code prefix:0 … prefix:(count-1)}, small strings, made by the server in
     * one command. Needs {@link #withDebugCommand()} on Redis 7.
     */
    public void populate(int count, String prefix) {
        sync().dispatch(CommandType.DEBUG,
                new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8)
                        .add("POPULATE").add(count).add(prefix));
    }

    /** How many connections the server has from this app (they carry the client name {@code tensorlens}). */
    public long appConnections() {
        return sync().clientList().lines().filter(l -> l.contains("name=tensorlens")).count();
    }

    /** Fails unless nothing listens on {@code port} any more: a stopped server really is gone. */
    public static void assertNothingListensOn(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException expected) {
            return;
        }
        throw new AssertionError("something still listens on port " + port);
    }

    /** Graceful stop; the folder stays for {@link #startAgain()}. */
    public void stop() {
        process.stop();
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process.kill();
    }

    public void startAgain() {
        try {
            process.startAgain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
