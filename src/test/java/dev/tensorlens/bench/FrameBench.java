package dev.tensorlens.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frame-time bench of every view, one command: each view's bench ({@link BrowserBench} at each key count,
 * {@link ModelsBench}, {@link DataBench}, and the Datasets and Persistence views' benches when they are built) in a
 * child JVM of its own, its output streamed with a "[view] " prefix, then a table of every phase line
 * ("{@code <phase>: longest pulse gap N ms (p99 M ms, …)}") with the ones over 50 ms marked, and the heap lines.
 * With {@code --load} a CPU burner ({@code yes}) runs on the second core for the whole time: the figures of a loaded
 * machine. The exit code is 0 whatever the figures (it is a measurement), non-zero when a child fails.
 * Not a JUnit test; see docs/BENCHMARKS.md, "Frame-time bench: every view".
 *
 * <pre>
 * FrameBench [--views browser,models,data,datasets,persistence] [--keys 1000000,10000000] [--load] [--runs N] [--jvm OPTION]…
 * </pre>
 */
public final class FrameBench {

    static final List<String> VIEWS = List.of("browser", "models", "data", "datasets", "persistence");
    /** A phase line as every view bench prints it. */
    static final Pattern PHASE = Pattern.compile("^(.+?): longest pulse gap (\\d+) ms \\(p99 (\\d+) ms");
    /** "heap after GC: N MB", and the browser's "heap after GC with the tree listed: N MB (…)". */
    static final Pattern HEAP = Pattern.compile("^heap after GC[^:]*: (\\d+) MB");
    static final long LONG_MS = 50;
    /** A child that has not finished by then is stopped and counted as failed. */
    static final long CHILD_MINUTES = 60;

    /** One child JVM: a view's bench. */
    record Child(String label, String mainClass, String heap, List<String> args) {
    }

    /** A phase line of a child. */
    record PhaseRow(String label, String phase, long longest, long p99) {
    }

    private static final List<PhaseRow> PHASES = new ArrayList<>();
    private static final List<String> HEAPS = new ArrayList<>();
    private static final List<String> OUTCOMES = new ArrayList<>();
    /** Options given with {@code --jvm}, passed to every child (a collector or its pause goal, to compare). */
    private static final List<String> JVM_OPTIONS = new ArrayList<>();
    private static volatile Process burner;
    private static volatile Process running;

    public static void main(String[] args) throws Exception {
        List<String> views = new ArrayList<>(VIEWS);
        List<Integer> keys = List.of(1_000_000, 10_000_000);
        boolean load = false;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--views" -> views = List.of(value(args, ++i).split(","));
                case "--keys" -> keys = Arrays.stream(value(args, ++i).split(",")).map(String::trim)
                        .map(k -> Integer.parseInt(k.replace("_", ""))).toList();
                case "--load" -> load = true;
                case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                case "--jvm" -> JVM_OPTIONS.add(value(args, ++i));
                default -> usage("unknown argument " + args[i]);
            }
        }
        for (String v : views) {
            if (!VIEWS.contains(v)) {
                usage("unknown view " + v);
            }
        }
        List<Child> plan = plan(views, keys);
        System.out.printf(Locale.ROOT, "frame bench: views %s, browser keys %s, %s, %d run(s); java %s; load %s%n",
                views, keys, load ? "loaded (a CPU burner on the second core)" : "no added load", runs, java(),
                Machine.loadavg());
        Thread cleanup = new Thread(FrameBench::stopAll, "frame-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean failed = false;
        try {
            if (load) {
                burner = startBurner();
            }
            for (int run = 1; run <= runs; run++) {
                for (Child child : plan) {
                    String label = runs > 1 ? child.label() + " #" + run : child.label();
                    failed |= !runChild(child, label);
                }
            }
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        printSummary();
        System.exit(failed ? 1 : 0);
    }

    private static List<Child> plan(List<String> views, List<Integer> keys) {
        List<Child> plan = new ArrayList<>();
        for (String view : VIEWS) { // always in this order
            if (!views.contains(view)) {
                continue;
            }
            switch (view) {
                case "browser" -> {
                    for (int n : keys) {
                        // -Xmx2g: the issue's claim is 10 M keys in the browser under 2 GB
                        plan.add(new Child("browser " + shortCount(n), "dev.tensorlens.bench.BrowserBench", "2g",
                                List.of(Integer.toString(n), "1")));
                    }
                }
                case "models" -> plan.add(new Child("models", "dev.tensorlens.bench.ModelsBench", "4g", List.of()));
                case "data" -> plan.add(new Child("data", "dev.tensorlens.bench.DataBench", "4g", List.of()));
                // written in parallel: named by string so this compiles without them
                case "datasets" -> plan.add(new Child("datasets", "dev.tensorlens.bench.DatasetsViewBench", "1g",
                        List.of()));
                case "persistence" -> plan.add(new Child("persistence", "dev.tensorlens.bench.PersistenceViewBench",
                        "1g", List.of()));
                default -> throw new IllegalArgumentException(view);
            }
        }
        return plan;
    }

    /** Runs one child to its end; false when it failed (non-zero exit, or stopped after {@link #CHILD_MINUTES}). */
    private static boolean runChild(Child child, String label) throws IOException, InterruptedException {
        String prefix = "[" + label + "] ";
        try {
            Class.forName(child.mainClass(), false, FrameBench.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.out.println(prefix + "skipped: not built (" + child.mainClass() + ")");
            OUTCOMES.add(label + ": skipped: not built");
            return true;
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + child.heap());
        command.addAll(JVM_OPTIONS);
        for (String property : List.of("bench.sample", "bench.sampleDepth", "bench.uptime", "bench.cssTrace",
                "bench.meanwhile", "bench.longMs")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(child.mainClass());
        command.addAll(child.args());
        System.out.printf(Locale.ROOT, "%sstart: -Xmx%s%s %s %s; load %s%n", prefix, child.heap(),
                JVM_OPTIONS.isEmpty() ? "" : " " + String.join(" ", JVM_OPTIONS),
                child.mainClass().substring(child.mainClass().lastIndexOf('.') + 1), String.join(" ", child.args()),
                Machine.loadavg());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        running = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println(prefix + line);
                    record(label, line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "frame-bench-reader");
        reader.start();
        boolean ended = process.waitFor(CHILD_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            System.out.println(prefix + "not done after " + CHILD_MINUTES + " minutes: stopped");
            stop(process);
        }
        reader.join(10_000);
        running = null;
        int exit = process.exitValue();
        System.out.printf(Locale.ROOT, "%send: exit %d after %.0f s; load %s%n", prefix, exit,
                (System.nanoTime() - start) / 1e9, Machine.loadavg());
        boolean ok = ended && exit == 0;
        OUTCOMES.add(label + ": " + (ok ? "done" : ended ? "FAILED, exit " + exit : "FAILED, stopped after "
                + CHILD_MINUTES + " min"));
        return ok;
    }

    private static synchronized void record(String label, String line) {
        Matcher phase = PHASE.matcher(line);
        if (phase.find()) {
            PHASES.add(new PhaseRow(label, phase.group(1), Long.parseLong(phase.group(2)),
                    Long.parseLong(phase.group(3))));
        }
        Matcher heap = HEAP.matcher(line);
        if (heap.find()) {
            HEAPS.add(label + ": " + line);
        }
    }

    private static synchronized void printSummary() {
        System.out.println();
        System.out.println("== frame bench summary (" + Machine.loadavg() + ") ==");
        int labelWidth = Math.max(4, PHASES.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        int phaseWidth = Math.max(5, PHASES.stream().mapToInt(r -> r.phase().length()).max().orElse(0));
        String format = "%-" + labelWidth + "s  %-" + phaseWidth + "s  %8s  %8s  %s%n";
        System.out.printf(Locale.ROOT, format, "view", "phase", "longest", "p99", "");
        for (PhaseRow r : PHASES) {
            System.out.printf(Locale.ROOT, format, r.label(), r.phase(), r.longest() + " ms", r.p99() + " ms",
                    r.longest() > LONG_MS ? "> 50 ms" : "");
        }
        long over = PHASES.stream().filter(r -> r.longest() > LONG_MS).count();
        System.out.printf(Locale.ROOT, "%d of %d phases with a pulse gap over %d ms%n", over, PHASES.size(), LONG_MS);
        for (String heap : HEAPS) {
            System.out.println(heap);
        }
        for (String outcome : OUTCOMES) {
            System.out.println(outcome);
        }
    }

    /**
     * {@code taskset -c 1 yes > /dev/null} (one core's worth of work on the second core) where there is taskset and
     * a second core, else {@code yes > /dev/null} wherever the scheduler puts it.
     */
    private static Process startBurner() throws IOException, InterruptedException {
        if (onPath("taskset") && Runtime.getRuntime().availableProcessors() > 1) {
            Process p = new ProcessBuilder("taskset", "-c", "1", "yes").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(200);
            if (p.isAlive()) {
                System.out.println("load: taskset -c 1 yes > /dev/null, pid " + p.pid());
                return p;
            }
            System.out.println("load: taskset -c 1 yes ended at once (exit " + p.exitValue() + "); without taskset");
        }
        Process p = new ProcessBuilder("sh", "-c", "exec yes > /dev/null").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        System.out.println("load: sh -c 'exec yes > /dev/null', pid " + p.pid());
        return p;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Stops the burner and a child still running (also from the shutdown hook: Ctrl-C, a failure). */
    private static void stopAll() {
        Process child = running;
        if (child != null) {
            stop(child);
            running = null;
        }
        Process b = burner;
        if (b != null) {
            stop(b);
            burner = null;
            System.out.println("load: burner stopped");
        }
    }

    /** SIGTERM to the process and what it started (a child's redis-server has its own reaper), then SIGKILL. */
    private static void stop(Process p) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            all.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** The java this JVM runs on, for the children. */
    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String shortCount(int n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1_000 == 0 ? n / 1_000 + "k" : Integer.toString(n);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: FrameBench [--views browser,models,data,datasets,persistence] "
                + "[--keys 1000000,10000000] [--load] [--runs N] [--jvm OPTION]...");
        System.exit(2);
    }
}
