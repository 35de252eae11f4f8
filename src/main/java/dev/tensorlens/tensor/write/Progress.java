package dev.tensorlens.tensor.write;

/** What a long export tells while it runs, and how it learns it is no longer wanted. Called on the writing thread. */
public interface Progress {

    /** Tells nothing and never cancels. */
    Progress NONE = (done, total) -> {
    };

    /** {@code done} of {@code total} elements are written. */
    void update(long done, long total);

    /** Whether to stop: the writer then throws {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
        return false;
    }
}
