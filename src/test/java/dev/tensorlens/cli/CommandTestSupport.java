package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of the listing commands ({@code models}, {@code datasets}) share: the command line run as the
 * launcher runs it, with what it prints captured; its JSON read back field by field; and a python3 that has the
 * libraries people write their Redis data with, to compare against.
 */
final class CommandTestSupport {

    private CommandTestSupport() {
    }

    /** {@code tensorlens args…} with this project's error handling; stdout to {@code out}, stderr to {@code err}. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = TensorlensCommand.commandLine(options -> { });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** The field names of a JSON object, sorted. */
    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code field} of every object in {@code array}, as text. */
    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    /** Every element of {@code array}, as text. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * {@code /usr/bin/python3} or the {@code python3} on PATH, when it runs {@code import <modules>} (such as
     * {@code "redis, numpy"}); else null, and the test that needs it is skipped.
     */
    static String python3With(String modules) {
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
    static String runPythonScript(String python, String script, int port, int db) throws Exception {
        Path file = Files.createTempFile("script", ".py");
        try (InputStream in = CommandTestSupport.class.getResourceAsStream(script)) {
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
