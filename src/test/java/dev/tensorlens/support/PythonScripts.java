package dev.tensorlens.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A python3 that has the libraries people write their Redis data with (redis-py, numpy), and the test scripts that
 * write data with it and print what Python itself says of that data: what the commands and views are compared with.
 */
public final class PythonScripts {

    private PythonScripts() {
    }

    /**
     * {@code /usr/bin/python3} or the {@code python3} on PATH, when it runs {@code import <modules>} (such as
     * {@code "redis, numpy"}); else null, and the test that needs it is skipped.
     */
    public static String python3With(String modules) {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }

    /**
     * Runs the test resource {@code script} (such as {@code /dev/tensorlens/cli/datasets/write_splits.py}) with
     * {@code python}, giving it the server's port and a database number as its two arguments, and returns what it
     * printed: the scripts write their data with redis-py and print, as JSON, what Python itself says of it.
     */
    public static String runPythonScript(String python, String script, int port, int db) throws Exception {
        Path file = Files.createTempFile("script", ".py");
        try (InputStream in = PythonScripts.class.getResourceAsStream(script)) {
            Files.write(file, in.readAllBytes());
        }
        Process p = new ProcessBuilder(python, file.toString(), String.valueOf(port), String.valueOf(db))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Files.delete(file);
        return printed;
    }
}
