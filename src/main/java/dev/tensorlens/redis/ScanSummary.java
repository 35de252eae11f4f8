package dev.tensorlens.redis;

import java.time.Duration;

/**
 * How a scan ended. {@code keysSeen} counts the keys handed to the page consumer; like SCAN itself it may count a
 * key twice when the server shrank its table during the scan (no de-duplication: that would need memory
 * proportional to the keyspace). {@code complete} is true when the whole keyspace was walked (every master on a
 * cluster), false when cancelled first. {@code exactKey} is true when the pattern named one key and it was
 * looked up directly instead of scanned.
 */
public record ScanSummary(long keysSeen, int pages, long dbSize, Duration elapsed, boolean complete, boolean exactKey) {

    public boolean cancelled() {
        return !complete;
    }
}
