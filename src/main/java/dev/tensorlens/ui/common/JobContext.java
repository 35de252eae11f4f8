package dev.tensorlens.ui.common;

/**
 * What a {@link Job}'s background work holds on to while it runs: where to report how far it got, where to hand
 * partial results, how it can be stopped gracefully, and whether anyone still wants it. Safe to use from any thread.
 */
public interface JobContext {

    /**
     * How far the work got: {@code fraction} in 0…1 (negative when unknown) and a few words. Reports are coalesced:
     * the UI sees the newest one, a fast worker never floods it.
     */
    void progress(double fraction, String text);

    /** Runs {@code action} on the UI thread, in order with other such actions, unless the job was cancelled by then. */
    void onUi(Runnable action);

    /**
     * How to stop this work gracefully (finish the batch in flight, keep what was done), instead of cancelling its
     * future: {@link Job#stop()} then calls it and the work still reports its own outcome.
     */
    void stopWith(Runnable stopper);

    /** True once the job was cancelled: its results will be dropped, so the work can stop early. */
    boolean isCancelled();
}
