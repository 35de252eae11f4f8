package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;


/**
 * What the tests of the listing commands ({@code models}, {@code datasets}) share: the command line run as the
 * launcher runs it, with what it prints captured, and its JSON read back field by field. Python-written data comes
 * from {@link dev.tensorlens.support.PythonScripts}.
 */
final class CommandTestSupport {

    private CommandTestSupport() {
    }

    /** {@code tensorlens args…} with this project's error handling; stdout to {@code out}, stderr to {@code err}. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = TensorlensCommand.commandLine(options -> 0);
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
}
