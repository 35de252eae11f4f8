import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the native installer(s) of the OS it runs on into {@code target/installer/}; Maven runs it
 * after {@code package} has made {@code target/tensorlens.jar} and {@code target/lib/} (mvn -Pinstaller package):
 *
 * <pre>java packaging/Installer.java OS VERSION TYPES
 *   OS        linux | windows | macos      the folder under packaging/ with that OS's files
 *   VERSION   digits and dots (jpackage refuses 0.1.0-SNAPSHOT)
 *   TYPES     deb | deb,rpm | msi | dmg    one packaging/OS/TYPE.args each
 * </pre>
 *
 * Steps, each with the arg files under packaging/:
 * <ol>
 * <li>jlink: a runtime of only the modules in jlink.args (and OS/jlink.args), JavaFX taken from its platform jars in
 *     target/lib, with the default CDS archive of its own classes;</li>
 * <li>jpackage --type app-image: the launcher, the runtime, and the app jar with every other library on the
 *     class path (not the module path: Lettuce and others are automatic modules, which jlink refuses);</li>
 * <li>jpackage --app-image: each installer, from that same image.</li>
 * </ol>
 * One Java file rather than a shell script or a dozen Maven executions: it runs unchanged on Linux,
 * Windows and macOS, and the order of its steps
 * is the order written here, not Maven's order of plugins within a phase.
 */
public class Installer {

    static final Path TARGET = Path.of("target");
    static final Path WORK = TARGET.resolve("installer-work");
    static final Path OUT = TARGET.resolve("installer");
    static final String APP_JAR = "tensorlens.jar";

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java packaging/Installer.java linux|windows|macos VERSION TYPES");
            System.exit(2);
        }
        String os = args[0];
        String version = args[1];
        List<String> types = Arrays.stream(args[2].split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        Path jar = TARGET.resolve(APP_JAR);
        Path lib = TARGET.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("run `mvn package` first: " + jar + " and " + lib + " are needed");
        }
        deleteTree(WORK);
        deleteTree(OUT);

        // JavaFX's platform jars (javafx-controls-21.0.11-linux.jar) are real modules with their natives inside:
        // they go into the runtime. The classifier-less javafx-*.jar are empty placeholders, left out.
        List<Path> javafx = new ArrayList<>();
        Path input = Files.createDirectories(WORK.resolve("input"));
        Files.copy(jar, input.resolve(APP_JAR));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path p : jars.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("javafx-")) {
                    if (!name.matches("javafx-[a-z]+-[0-9.]+\\.jar")) {
                        javafx.add(p);
                    }
                } else {
                    Files.copy(p, input.resolve(name));
                }
            }
        }
        if (javafx.isEmpty()) {
            throw new IllegalStateException("no JavaFX platform jars in " + lib);
        }

        Path runtime = WORK.resolve("runtime");
        List<String> jlink = new ArrayList<>(List.of("@packaging/jlink.args"));
        if (Files.exists(Path.of("packaging", os, "jlink.args"))) {
            jlink.add("@packaging/" + os + "/jlink.args");
        }
        jlink.addAll(List.of(
                "--module-path", javafx.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "--output", runtime.toString()));
        run("jlink", jlink.toArray(String[]::new));

        Path images = WORK.resolve("image");
        List<String> appImage = new ArrayList<>(List.of("@packaging/app.args", "@packaging/app-image.args",
                "@packaging/" + os + "/app-image.args", "--type", "app-image", "--app-version", version,
                "--input", input.toString(), "--runtime-image", runtime.toString(), "--dest", images.toString()));
        run("jpackage", appImage.toArray(String[]::new));
        Path image;
        try (Stream<Path> made = Files.list(images)) {
            image = made.findFirst().orElseThrow(); // Tensorlens/, or Tensorlens.app/ on macOS
        }

        for (String type : types) {
            List<String> installer = new ArrayList<>(List.of("@packaging/app.args"));
            if (Files.exists(Path.of("packaging", os, "installer.args"))) {
                installer.add("@packaging/" + os + "/installer.args");
            }
            installer.addAll(List.of("@packaging/" + os + "/" + type + ".args", "--app-version", version,
                    "--app-image", image.toString(), "--dest", OUT.toString()));
            run("jpackage", installer.toArray(String[]::new));
        }
        try (Stream<Path> made = Files.list(OUT)) {
            for (Path p : made.sorted().toList()) {
                System.out.printf("installer: %s (%.1f MB)%n", p, Files.size(p) / 1e6);
            }
        }
    }

    /** Runs jlink or jpackage of the JDK running this file; its output goes to the build log, a failure fails the build. */
    static void run(String tool, String... args) throws IOException, InterruptedException {
        System.out.println("installer: " + tool + " " + String.join(" ", args));
        // A process, not the in-process ToolProvider: only the launchers expand @argfiles.
        String exe = tool + (System.getProperty("os.name").startsWith("Windows") ? ".exe" : "");
        Path binary = Path.of(System.getProperty("java.home"), "bin", exe);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: a JDK 17+ with jlink and jpackage is needed");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(tool + " failed with exit code " + exit);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
