package dev.tensorlens.demo;

import dev.tensorlens.redis.ConnectionProfile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;

/**
 * The demo: a private {@code redis-server} on a free port in a temporary folder, removed with its folder on
 * {@link #close()}. Nothing it holds is kept.
 */
public final class DemoServer implements AutoCloseable {

    private static final String DIR_PREFIX = "tensorlens-demo-";
    private static final String OWNER_PID = "owner.pid";
    private static final String SERVER_PID = "server.pid";

    private final RedisProcess process;
    private final Path dir;
    private final Thread cleanupHook;

    private DemoServer(RedisProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
        // Closing the window, Ctrl+C and SIGTERM all end here; the folder goes with the server.
        this.cleanupHook = new Thread(this::closeQuietly, "demo-server-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /** @param binaryCache where a bundled redis-server is unpacked when the machine has none */
    public static DemoServer start(Path binaryCache) throws IOException {
        reapAbandoned();
        RedisBinary binary = RedisBinary.locate(binaryCache);
        Path dir = Files.createTempDirectory(DIR_PREFIX);
        try {
            Files.writeString(dir.resolve(OWNER_PID), Long.toString(ProcessHandle.current().pid()));
            RedisProcess process = RedisProcess.start(binary, dir, List.of());
            try {
                Files.writeString(dir.resolve(SERVER_PID), Long.toString(process.pid()));
            } catch (IOException e) {
                process.close();
                throw e;
            }
            return new DemoServer(process, dir);
        } catch (IOException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public String uri() {
        return process.uri();
    }

    public int port() {
        return process.port();
    }

    public String version() {
        return process.binary().version();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public Path dir() {
        return dir;
    }

    /** A profile for this server, named so the user can tell it is the demo. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder()
                .id("demo")
                .name("Demo server")
                .host("127.0.0.1")
                .port(process.port())
                .commandTimeoutMillis(5_000)
                .build();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is what is calling us
        }
        closeQuietly();
    }

    private void closeQuietly() {
        process.close();
        deleteTree(dir);
    }

    /**
     * A demo whose app was killed outright (SIGKILL, a crash) leaves its server and folder behind; the next
     * demo removes them. A folder is abandoned when the process that wrote its {@code owner.pid} is gone.
     */
    static void reapAbandoned() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                Long owner = readPid(d.resolve(OWNER_PID));
                if (owner == null || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Long server = readPid(d.resolve(SERVER_PID));
                if (server != null) {
                    // Only a Redis process that was already running when its pid was written: pids get reused.
                    // (Debian's redis-server is a link to redis-check-rdb, so match "redis", not the full name.)
                    Instant written = Files.getLastModifiedTime(d.resolve(SERVER_PID)).toInstant();
                    ProcessHandle.of(server)
                            .filter(h -> h.info().command().map(c -> c.contains("redis")).orElse(false))
                            .filter(h -> h.info().startInstant().map(t -> !t.isAfter(written)).orElse(false))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
                deleteTree(d);
            }
        } catch (IOException e) {
            // nothing to reap, or no right to look: not worth stopping the demo for
        }
    }

    private static Long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Deletes a folder and what is in it, as far as it can: a temp folder left behind is the OS's to clear. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temp folder we could not remove is left to the OS; nothing of the user's is in it
        }
    }
}
