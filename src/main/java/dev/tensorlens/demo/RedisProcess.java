package dev.tensorlens.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} process on 127.0.0.1, in a folder of its own. Used by the demo and by the
 * test harness: it can be stopped (or killed, like a crash) and started again on the same port and folder,
 * and it never outlives the program that started it: a JVM shutdown hook stops it on an ordinary exit, and
 * {@link TiedProcess} on any other (SIGKILL, a crash, a native {@code _exit}).
 */
public final class RedisProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final RedisBinary binary;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final Path sentinelConfig;
    private final Thread shutdownHook;
    private volatile TiedProcess process;

    private RedisProcess(RedisBinary binary, Path dir, int port, List<String> extraArgs, Path sentinelConfig) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.sentinelConfig = sentinelConfig;
        this.shutdownHook = new Thread(this::destroyNow, "redis-process-reaper-" + port);
    }

    /**
     * Starts a server on a free port in {@code dir}. Persistence is off unless {@code extraArgs} turn it on
     * (they come last, so they win over the defaults).
     */
    public static RedisProcess start(RedisBinary binary, Path dir, List<String> extraArgs) throws IOException {
        return start(binary, dir, extraArgs, null);
    }

    /**
     * Starts a Sentinel watching the master {@code masterName} at {@code 127.0.0.1:masterPort}. Sentinel
     * rewrites its config file, so it gets one of its own in {@code dir}.
     */
    public static RedisProcess startSentinel(RedisBinary binary, Path dir, String masterName, int masterPort)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("sentinel.conf");
        Files.writeString(config, "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel down-after-milliseconds " + masterName + " 5000\n", StandardCharsets.UTF_8);
        return start(binary, dir, List.of(), config);
    }

    private static RedisProcess start(RedisBinary binary, Path dir, List<String> extraArgs, Path sentinelConfig)
            throws IOException {
        IOException last = null;
        // A free port can be taken between choosing it and binding it; try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisProcess p = new RedisProcess(binary, dir, freePort(), extraArgs, sentinelConfig);
            try {
                Runtime.getRuntime().addShutdownHook(p.shutdownHook);
                p.launch();
                return p;
            } catch (IOException e) {
                last = e;
                p.close();
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public RedisBinary binary() {
        return binary;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server's process id, or -1 when it is not running. */
    public long pid() {
        TiedProcess p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isRunning() {
        TiedProcess p = process;
        return p != null && p.isAlive();
    }

    /** Stops the server gracefully (SIGTERM) and waits for it; its folder stays. */
    public synchronized void stop() {
        TiedProcess p = process;
        if (p == null) {
            return;
        }
        p.terminate();
        try {
            if (!p.awaitExit(10, TimeUnit.SECONDS)) {
                p.kill();
                p.awaitExit(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
        }
        p.release();
        process = null;
    }

    /** Kills the server without warning (SIGKILL), like a crash or an OOM kill. */
    public synchronized void kill() {
        TiedProcess p = process;
        if (p == null) {
            return;
        }
        p.kill();
        try {
            p.awaitExit(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.release();
        process = null;
    }

    /** Starts the server again on the same port and folder after {@link #stop()} or {@link #kill()}. */
    public synchronized void startAgain() throws IOException {
        if (isRunning()) {
            return;
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        IOException last = null;
        // The old socket may linger a moment after a kill; retry the bind until the deadline.
        while (System.currentTimeMillis() < deadline) {
            try {
                launch();
                return;
            } catch (IOException e) {
                last = e;
                sleep(200);
            }
        }
        throw last;
    }

    private void launch() throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.path().toString());
        if (sentinelConfig != null) {
            cmd.addAll(List.of(sentinelConfig.toAbsolutePath().toString(), "--sentinel"));
        }
        cmd.addAll(List.of(
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toAbsolutePath().toString(),
                "--logfile", "redis.log",
                "--daemonize", "no"));
        if (sentinelConfig == null) {
            cmd.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        cmd.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        TiedProcess p = TiedProcess.start(cmd, dir, dir.resolve("redis.stdout"));
        process = p;
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                process = null;
                p.release();
                throw new IOException("redis-server exited with code " + p.exitCode() + " on port " + port
                        + ": " + tail(dir.resolve("redis.log")) + tail(dir.resolve("redis.stdout")));
            }
            // Our own process must say it is ready: a PING alone could be answered by another server that
            // took the port in the meantime, and tests would then flush someone else's data.
            if (saysReady(log, logStart, p.pid()) && answersPing()) {
                return;
            }
            sleep(20);
        }
        p.kill();
        p.release();
        process = null;
        throw new IOException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MILLIS / 1000 + " s: " + tail(dir.resolve("redis.log")));
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            // Any answer means the server is up ("-NOAUTH" with a password), except "-LOADING" while a
            // dataset loads.
            return n > 0 && !new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("-LOADING");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean saysReady(Path log, long from, long pid) {
        try (var channel = Files.newByteChannel(log)) {
            channel.position(from);
            String text = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith(pid + ":") && (line.contains("Ready to accept connections") || line.contains("Sentinel ID is"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void destroyNow() {
        TiedProcess p = process;
        if (p != null) {
            p.kill();
        }
    }

    /** Stops the server; its folder is left to the caller. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
