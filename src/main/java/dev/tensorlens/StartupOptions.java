package dev.tensorlens;

import java.time.Duration;

/**
 * What the command line asked the dashboard to open at start: the demo, a URI, or nothing (ask the user); and, with
 * {@code --smoke}, a self-check instead of a session.
 *
 * @param smoke null for a normal start
 */
public record StartupOptions(boolean demo, String uri, Smoke smoke) {

    public StartupOptions(boolean demo, String uri) {
        this(demo, uri, null);
    }

    /**
     * {@code --smoke}: open every view once on the demo server, say whether each drew, and exit.
     *
     * @param timeout  for the whole run, from the command line to the last view drawn
     * @param headless run without a display (Monocle), for installers checked on build machines
     */
    public record Smoke(Duration timeout, boolean headless) {
    }
}
