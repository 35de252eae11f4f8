package dev.tensorlens.demo;

import dev.tensorlens.redis.ConnectionProfile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The demo: a private {@code redis-server} on a free port in a temporary folder, removed with its folder on
 * {@link #close()}. Nothing it holds is kept.
 */
public final class DemoServer implements AutoCloseable {

    private final RedisProcess process;
    private final Path dir;

    private DemoServer(RedisProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** @param binaryCache where a bundled redis-server is unpacked when the machine has none */
    public static DemoServer start(Path binaryCache) throws IOException {
        RedisBinary binary = RedisBinary.locate(binaryCache);
        Path dir = Files.createTempDirectory("tensorlens-demo-");
        try {
            return new DemoServer(RedisProcess.start(binary, dir, List.of()), dir);
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
        process.close();
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
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
