package dev.tensorlens.mlstate;

import java.util.Objects;

/**
 * An array someone cached (a preprocessed batch, embeddings, features, a list of encoded samples): where it is and
 * the type of the key that holds it ({@link RedisType#STRING}, {@link RedisType#HASH} or {@link RedisType#LIST}).
 *
 * <p>The layout rules name the location after the key ({@code location.name() == location.key()}) when the key holds
 * one array: a string, a list, or a hash with one tensor field (raw {@code data} beside {@code dtype}/{@code shape}).
 * A field of a hash that holds several (the redis-py tutorial's {@code preprocessed_data} hash of {@code features} and
 * {@code labels}) is named after its field: that hash is a group of its own.
 */
public record CachedArray(TensorRef location, RedisType type) {

    public CachedArray {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
    }

    /** A string or a list holding the whole array. */
    public static CachedArray wholeKey(String key, RedisType type) {
        return new CachedArray(TensorRef.wholeKey(key, key), type);
    }

    /**
     * One tensor field of a hash; {@code several} says whether the hash holds other tensor fields beside it, which
     * decides whether it is named after its field or its key.
     */
    public static CachedArray hashField(TensorRef field, boolean several) {
        TensorRef named = several ? field : new TensorRef(field.key(), field.key(), field.field(), field.encoding(),
                field.dtypeField(), field.shapeField());
        return new CachedArray(named, RedisType.HASH);
    }

    /** Whether this is one of several tensor fields of a hash, which are grouped under the hash's key. */
    public boolean isFieldOfSeveral() {
        return location.hashField().isPresent() && !location.name().equals(location.key());
    }

    /**
     * The prefix this array is grouped under: the key without its last {@code :} segment ({@code ""} for a key with
     * none), or, for one of several tensor fields of a hash, the hash's key.
     */
    public String group() {
        if (isFieldOfSeveral()) {
            return location.key();
        }
        int colon = location.key().lastIndexOf(':');
        return colon < 0 ? "" : location.key().substring(0, colon);
    }

    /** Its name in its group: the key's last segment, or the field for one of several tensor fields of a hash. */
    public String label() {
        if (isFieldOfSeveral()) {
            return location.field();
        }
        int colon = location.key().lastIndexOf(':');
        return location.key().substring(colon + 1);
    }
}
