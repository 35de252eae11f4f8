package dev.tensorlens.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate program that owns a demo server, for tests that end it the ways an app can end. Prints
 * {@code <server pid> <port> <folder>} once the server is up, then waits for a line on stdin: {@code halt} ends it
 * at once without running shutdown hooks, as GTK's {@code _exit} does when the display goes away. Anything else, or
 * the end of stdin (the test is gone), ends it normally.
 */
public final class DemoServerOwner {

    private DemoServerOwner() {
    }

    public static void main(String[] args) throws Exception {
        DemoServer demo = DemoServer.start(Path.of(args[0]));
        String serverPid = Files.readString(demo.dir().resolve("server.pid")).trim();
        System.out.println(serverPid + " " + demo.port() + " " + demo.dir());
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
        if ("halt".equals(line)) {
            Runtime.getRuntime().halt(1);
        }
        System.exit(0);
    }
}
