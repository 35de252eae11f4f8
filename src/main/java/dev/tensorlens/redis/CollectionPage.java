package dev.tensorlens.redis;

import java.util.List;
import java.util.Map;

/**
 * One page of a collection's members and where the next page starts.
 *
 * @param nextCursor what to pass to {@link CollectionPager#page} for the next page; {@code null} when this was the last
 */
public record CollectionPage(List<Entry> entries, String nextCursor) {

    public CollectionPage {
        entries = List.copyOf(entries);
    }

    public boolean finished() {
        return nextCursor == null;
    }

    /**
     * One member of a collection. Which parts are set depends on the type: a hash gives {@code member} (the field)
     * and {@code value}; a set {@code member}; a sorted set {@code member} and {@code score}; a list {@code member}
     * (the element) and {@code position} (its index); a stream {@code position} (the entry id) and {@code fields}.
     */
    public record Entry(byte[] member, byte[] value, double score, String position,
                        List<Map.Entry<byte[], byte[]>> fields) {

        public Entry {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        public static Entry hashField(byte[] field, byte[] value) {
            return new Entry(field, value, Double.NaN, null, null);
        }

        public static Entry setMember(byte[] member) {
            return new Entry(member, null, Double.NaN, null, null);
        }

        public static Entry scored(byte[] member, double score) {
            return new Entry(member, null, score, null, null);
        }

        public static Entry listElement(long index, byte[] element) {
            return new Entry(element, null, Double.NaN, Long.toString(index), null);
        }

        public static Entry streamEntry(String id, List<Map.Entry<byte[], byte[]>> fields) {
            return new Entry(null, null, Double.NaN, id, fields);
        }
    }
}
