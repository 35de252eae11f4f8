package dev.tensorlens.redis;

/**
 * A split edit that failed part way (a Redis error, the ids' source failing): the message says why and what was
 * done before, and {@link #partial()} holds those exact counts; what was done can still be undone from it.
 */
public class SplitEditException extends RedisOperationException {

    private final transient SplitEdit partial;

    SplitEditException(String operation, String message, Throwable cause, SplitEdit partial) {
        super(operation, message, cause);
        this.partial = partial;
    }

    /** What the edit did before it failed; {@link SplitEdit#canUndo()} says whether that can be undone. */
    public SplitEdit partial() {
        return partial;
    }
}
