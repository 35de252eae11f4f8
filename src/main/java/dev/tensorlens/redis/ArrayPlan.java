package dev.tensorlens.redis;

import dev.tensorlens.tensor.codec.RawSpec;

/**
 * How the elements behind one {@link ArrayHeader} are read, learnt with the header and kept beside it by the
 * {@link ArrayReader}: where a string's data starts, the spec of raw bytes, or that a list's items are samples.
 *
 * @param dataOffset where the tensor's bytes start in a string value ({@link Source#RANGE})
 * @param raw        the dtype, shape and order of raw {@code tobytes()} in a hash field; null otherwise
 */
record ArrayPlan(Source source, long dataOffset, RawSpec raw) {

    enum Source {
        /** A string whose tensor's bytes start at {@code dataOffset}: {@code GETRANGE} of just the bytes wanted. */
        RANGE,
        /** The value read whole and decoded: a hash field, JSON, npz, raw bytes with their spec. */
        WHOLE,
        /** A list of encoded samples, each item one. */
        SAMPLES,
        /** A list of strings, shown as text. */
        LIST_TEXT,
        /** A value read whole and shown as text items. */
        WHOLE_TEXT,
        /** Nothing to read: the header says why. */
        NONE
    }

    static final ArrayPlan WHOLE = new ArrayPlan(Source.WHOLE, 0, null);
    static final ArrayPlan SAMPLES = new ArrayPlan(Source.SAMPLES, 0, null);
    static final ArrayPlan LIST_TEXT = new ArrayPlan(Source.LIST_TEXT, 0, null);
    static final ArrayPlan WHOLE_TEXT = new ArrayPlan(Source.WHOLE_TEXT, 0, null);
    static final ArrayPlan NONE = new ArrayPlan(Source.NONE, 0, null);

    static ArrayPlan range(long dataOffset) {
        return new ArrayPlan(Source.RANGE, dataOffset, null);
    }

    static ArrayPlan raw(RawSpec spec) {
        return new ArrayPlan(Source.WHOLE, 0, spec);
    }

    /** The plan of a header told by a value read whole. */
    static ArrayPlan of(ArrayHeader header) {
        return switch (header.kind()) {
            case TENSOR -> WHOLE;
            case TEXT -> WHOLE_TEXT;
            case UNREADABLE -> NONE;
        };
    }
}
