package dev.tensorlens;

/** What the command line asked the dashboard to open at start: the demo, a URI, or nothing (ask the user). */
public record StartupOptions(boolean demo, String uri) {
}
