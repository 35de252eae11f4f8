package dev.tensorlens.redis;

/**
 * A value that was measured and found larger than the caller allows: nothing of it was read. The caller can ask the
 * user and load it again with a higher limit; it has what it needs to say so in its own words (the dashboard names
 * its threshold, the command line its {@code --max-bytes}) in {@link #what()}, {@link #bytes()}, {@link #limit()}
 * and {@link #measure()}.
 */
public final class ValueTooLargeException extends RedisOperationException {

    /** What was measured against the limit. */
    public enum Measure {
        /** The value's own length ({@code STRLEN}, {@code HSTRLEN}): what reading it would transfer. */
        VALUE_LENGTH,
        /**
         * The server's estimate of the key's memory ({@code MEMORY USAGE}): a whole hash has no length of its own,
         * and summing its fields would mean asking about each of them.
         */
        SERVER_MEMORY
    }

    private final String what;
    private final long bytes;
    private final long limit;
    private final Measure measure;

    /** @param what the key, or {@code key field name}: the subject of the sentence */
    public ValueTooLargeException(String what, long bytes, long limit, Measure measure) {
        super("read", sentence(what, bytes, limit, measure), null);
        this.what = what;
        this.bytes = bytes;
        this.limit = limit;
        this.measure = measure;
    }

    private static String sentence(String what, long bytes, long limit, Measure measure) {
        return measure == Measure.VALUE_LENGTH
                ? what + " is " + bytes + " bytes, more than the " + limit + " allowed."
                : what + " takes about " + bytes + " bytes of server memory, more than the " + limit
                        + " allowed; read one field at a time.";
    }

    /** The key, or {@code key field name}, as the user knows it. */
    public String what() {
        return what;
    }

    /** The value's size, as measured. */
    public long bytes() {
        return bytes;
    }

    public long limit() {
        return limit;
    }

    public Measure measure() {
        return measure;
    }
}
