package dev.tensorlens.ui.smoke;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tensorlens --smoke --headless} as the packaged launcher runs it: a JVM of its own with no display and none of
 * the test's JavaFX properties, so that {@code --headless} alone must make it work. The demo server must be gone
 * afterwards: the child's temp folder, where the demo keeps its data, must be empty.
 */
class SmokeTest {

    @TempDir
    Path tmp;

    @Test
    void everyViewDrawsAndTheRunSaysSoInOneLine() throws Exception {
        Run run = smoke("--smoke", "--headless");

        assertThat(run.exit).as("exit code; stderr:%n%s", run.err).isZero();
        assertThat(run.out).as("standard output").hasSize(1);
        assertThat(run.out.get(0)).startsWith("tensorlens smoke ok: 6 views in ");
        assertThat(run.err).noneMatch(line -> line.startsWith("tensorlens smoke"));
        assertNothingLeftIn(tmp.resolve("tmp"));
    }

    @Test
    void noTimeToDrawIsAFailureWithItsReason() throws Exception {
        Run run = smoke("--smoke", "--headless", "--smoke-timeout", "0");

        assertThat(run.exit).isEqualTo(SmokeRun.EXIT_FAILED);
        assertThat(run.out).noneMatch(line -> line.startsWith("tensorlens smoke"));
        List<String> verdicts = run.err.stream().filter(line -> line.startsWith("tensorlens smoke")).toList();
        assertThat(verdicts).hasSize(1);
        // what it waited for depends on how far the demo got in no time; that it says so does not
        assertThat(verdicts.get(0)).startsWith("tensorlens smoke failed: timed out after 0 s waiting for ");
        assertNothingLeftIn(tmp.resolve("tmp"));
    }

    private record Run(int exit, List<String> out, List<String> err) {
    }

    private Run smoke(String... args) throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + childTmp,
                // the build's folders, not the user's: the JavaFX natives, the logs and the unpacked redis-server
                "-Djavafx.cachedir=" + System.getProperty("javafx.cachedir", tmp.resolve("javafx").toString()),
                "-Dtensorlens.home=" + System.getProperty("tensorlens.home", tmp.resolve("home").toString()),
                "dev.tensorlens.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        // as on a build machine: a display the test happens to have must not be what makes it work
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tensorlens --smoke still running after 90 s; stderr:\n" + read("err.txt"));
        }
        return new Run(process.exitValue(), lines("out.txt"), lines("err.txt"));
    }

    private List<String> lines(String file) throws IOException {
        return Files.readAllLines(tmp.resolve(file)).stream().filter(l -> !l.isBlank()).toList();
    }

    private String read(String file) throws IOException {
        return Files.readString(tmp.resolve(file));
    }

    /** The demo server's folder (and the run's settings folder) removed: the server was stopped, not abandoned. */
    private static void assertNothingLeftIn(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("tensorlens-"));
        }
    }
}
