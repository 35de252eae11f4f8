package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A running {@link KeyScanner} scan: its result, its progress, and a way to stop it.
 *
 * <p>{@link #cancel()} stops after the page in flight: that page is still delivered, no further {@code SCAN} is
 * sent, and {@link #result()} completes normally with a summary whose {@code complete} is false. Cancelling the
 * result future itself instead is "latest wins": the command in flight is cancelled and nothing more is delivered.
 */
public final class ScanHandle {

    private final CompletableFuture<ScanSummary> result;
    private final Runnable cancel;
    private final Supplier<ScanProgress> progress;

    ScanHandle(CompletableFuture<ScanSummary> result, Runnable cancel, Supplier<ScanProgress> progress) {
        this.result = result;
        this.cancel = cancel;
        this.progress = progress;
    }

    /** Completes once the last page has been delivered (or the scan was cancelled); fails on a Redis error. */
    public CompletableFuture<ScanSummary> result() {
        return result;
    }

    /** Stops after the page in flight. Safe to call more than once, from any thread. */
    public void cancel() {
        cancel.run();
    }

    /** Progress so far; safe from any thread. */
    public ScanProgress progress() {
        return progress.get();
    }
}
