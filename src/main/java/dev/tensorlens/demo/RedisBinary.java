package dev.tensorlens.demo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} executable: the one named by {@code TENSORLENS_REDIS_SERVER}, else the one on
 * {@code PATH}, else the binary shipped inside {@code com.github.codemonstur:embedded-redis}
 * (Redis 6.2 for Linux and macOS, 5.0 for Windows), unpacked once into a cache folder.
 */
public record RedisBinary(Path path, String version, boolean embedded) {

    private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+(?:\\.\\d+)?)");

    /**
     * The path is made absolute: the server is started in its own data folder, where a path relative to this
     * process's folder (the tests' {@code target/redis-bin/…}) names nothing.
     */
    public RedisBinary {
        path = path.toAbsolutePath();
    }

    /** Major × 100 + minor, for feature checks ({@code 7.0.15 → 700}). */
    public int versionNumber() {
        String[] parts = version.split("\\.");
        try {
            return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Finds a server binary.
     *
     * @param cacheDir where the embedded binary is unpacked when there is none on the machine
     * @throws IOException when there is none at all, saying what was looked for
     */
    public static RedisBinary locate(Path cacheDir) throws IOException {
        String override = System.getenv("TENSORLENS_REDIS_SERVER");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isExecutable(p)) {
                throw new IOException("TENSORLENS_REDIS_SERVER=" + override + " is not an executable file");
            }
            return new RedisBinary(p, versionOf(p), false);
        }
        Path onPath = findOnPath();
        if (onPath != null) {
            return new RedisBinary(onPath, versionOf(onPath), false);
        }
        return embedded(cacheDir);
    }

    /** The binary shipped inside embedded-redis, unpacked into {@code cacheDir} (once), whatever else is installed. */
    public static RedisBinary embedded(Path cacheDir) throws IOException {
        Path unpacked = unpackEmbedded(cacheDir);
        return new RedisBinary(unpacked, versionOf(unpacked), true);
    }

    private static Path findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, windows ? "redis-server.exe" : "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The resource name of the embedded-redis binary for this OS and CPU, or {@code null}. */
    static String embeddedResourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        boolean x64 = arch.contains("amd64") || arch.contains("x86_64");
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : x64 ? "redis-server-6.2.6-v5-linux-amd64" : "redis-server-6.2.7-linux-386";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("win")) {
            return "redis-server-5.0.14.1-windows-amd64.exe";
        }
        return null;
    }

    private static synchronized Path unpackEmbedded(Path cacheDir) throws IOException {
        String name = embeddedResourceName();
        InputStream in = name == null ? null : RedisBinary.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException("No redis-server was found: none on PATH, and no bundled binary for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + ". Install Redis or set TENSORLENS_REDIS_SERVER to a redis-server binary.");
        }
        Files.createDirectories(cacheDir);
        Path target = cacheDir.resolve(name);
        try (in) {
            if (!Files.isExecutable(target)) {
                Path tmp = Files.createTempFile(cacheDir, name, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().setExecutable(true, true);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return target;
    }

    private static String versionOf(Path binary) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(binary + " --version did not finish");
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IOException(binary + " --version printed no version: " + out.strip());
            }
            return m.group(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while asking " + binary + " for its version", e);
        }
    }
}
