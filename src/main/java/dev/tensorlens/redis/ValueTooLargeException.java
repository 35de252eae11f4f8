package dev.tensorlens.redis;

/**
 * A value that was measured and found larger than the caller allows: nothing of it was read. The caller can ask the
 * user and load it again with a higher limit.
 */
public final class ValueTooLargeException extends RedisOperationException {

    private final long bytes;
    private final long limit;

    public ValueTooLargeException(String what, long bytes, long limit, String advice) {
        super("read", what + " is " + bytes + " bytes, more than the " + limit + " allowed" + advice, null);
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The value's size, as measured. */
    public long bytes() {
        return bytes;
    }

    public long limit() {
        return limit;
    }
}
