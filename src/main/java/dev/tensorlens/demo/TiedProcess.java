package dev.tensorlens.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A server process that cannot outlive this JVM, however the JVM ends.
 *
 * <p>A shutdown hook is not enough. Hooks run on {@code System.exit}, SIGTERM, SIGINT and SIGHUP, but not on
 * SIGKILL, a JVM crash, {@code Runtime.halt} or a native library calling {@code _exit()}; GTK does the last when the
 * dashboard's X display goes away (gtk_main → XPending → _XIOError → gdk's handler → {@code _exit(1)} on the
 * JavaFX thread), and the demo's redis-server was left running.
 *
 * <p>So where there is a {@code /bin/sh} (Linux, macOS) the server is started by a small shell watchdog whose stdin
 * is a pipe from this JVM. The JVM holds the only write end (Java closes every other descriptor in the processes it
 * starts), and the kernel closes it when the JVM process ends, for whatever reason; the watchdog then reads EOF and
 * kills the server. The watchdog also waits for the server, so it reaps it and exits as soon as the server ends: a
 * server stopped or killed from here leaves no watchdog behind, and its pid cannot be reused while the watchdog can
 * still signal it. Chosen over Linux's parent-death signal ({@code setpriv --pdeathsig}), which is Linux-only, needs
 * util-linux, and fires when the <em>thread</em> that started the child ends (for the demo, a pool thread).
 *
 * <p>On Windows, which has no {@code /bin/sh}, the server is started directly as it was before: the JVM shutdown hook
 * of {@link RedisProcess} covers the ordinary exits, and {@link DemoServer#reapAbandoned()} stops what a killed run
 * left at the next demo start.
 */
final class TiedProcess {

    private static final Path SHELL = Path.of("/bin/sh");
    private static final boolean WATCHDOG_AVAILABLE =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") && Files.isExecutable(SHELL);

    /**
     * Run by {@code /bin/sh -c} with the server's command line as its arguments; stdin is the pipe from this JVM,
     * stderr the server's output file. Prints the server's pid, then waits for the server and exits with its status.
     * Ctrl+C and a terminal hangup are ignored: they are for the JVM, whose end is what the pipe reports. A background
     * command gets /dev/null as stdin, hence the copy of the pipe on descriptor 3 for the reader.
     */
    private static final String WATCHDOG = String.join("\n",
            "trap '' HUP INT QUIT",
            "exec 3<&0",
            "\"$@\" 1>&2 3<&- &",
            "server=$!",
            "echo \"$server\"",
            "{ read -r _; kill -KILL \"$server\" 2>/dev/null; } <&3 3<&- &",
            "reader=$!",
            "exec 3<&-",
            "wait \"$server\"",
            "status=$?",
            "kill \"$reader\" 2>/dev/null",
            "exit \"$status\"");

    /** The watchdog, or the server itself where there is no watchdog. */
    private final Process launched;
    private final long pid;
    /** {@code null} when the server ended before it could be looked up. */
    private final ProcessHandle server;

    private TiedProcess(Process launched, long pid) {
        this.launched = launched;
        this.pid = pid;
        this.server = launched.pid() == pid ? launched.toHandle() : ProcessHandle.of(pid).orElse(null);
    }

    /** Starts {@code command} in {@code dir}, its stdout and stderr going to {@code output}. */
    static TiedProcess start(List<String> command, Path dir, Path output) throws IOException {
        if (!WATCHDOG_AVAILABLE) {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new TiedProcess(p, p.pid());
        }
        List<String> cmd = new ArrayList<>(List.of(SHELL.toString(), "-c", WATCHDOG, "tensorlens-watchdog"));
        cmd.addAll(command);
        // stdin stays a pipe from this JVM (that is the point), stdout a pipe that brings the server's pid
        Process watchdog = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(output.toFile()).start();
        String line = new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        try {
            return new TiedProcess(watchdog, Long.parseLong(line == null ? "" : line.trim()));
        } catch (NumberFormatException e) {
            watchdog.destroyForcibly();
            close(watchdog);
            throw new IOException("the watchdog for " + command.get(0) + " did not report a pid: " + line);
        }
    }

    /** The server's own process id (not the watchdog's). */
    long pid() {
        return pid;
    }

    boolean isAlive() {
        return server != null && server.isAlive();
    }

    /** Asks the server to stop (SIGTERM). */
    void terminate() {
        if (server != null) {
            server.destroy();
        }
    }

    /** Kills the server itself (SIGKILL), like a crash. */
    void kill() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    /**
     * Waits until the server has ended. The watchdog exits right after it has reaped the server, and waiting for
     * our own child is immediate, where waiting on another process's handle polls every 300 ms or more.
     */
    boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        launched.waitFor(timeout, unit);
        while (isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !isAlive();
    }

    /** The server's exit code once it has ended (the watchdog exits with it), or -1 if that is not known. */
    int exitCode() {
        try {
            return launched.waitFor(1, TimeUnit.SECONDS) ? launched.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Lets go of the pipes; should the server still run, the watchdog kills it on the EOF. */
    void release() {
        close(launched);
    }

    private static void close(Process p) {
        try {
            p.getOutputStream().close();
            p.getInputStream().close();
        } catch (IOException e) {
            // closing a pipe to a process that has ended: nothing to do about it
        }
    }
}
