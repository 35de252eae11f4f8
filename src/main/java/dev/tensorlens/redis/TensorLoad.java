package dev.tensorlens.redis;

import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.ByteContent;

import java.util.List;

/**
 * What the {@link TensorLoader} found at one place: the key's type, the bytes it read, and what each part decoded to
 * — one part for a string or a hash field, one per tensor-holding field for a whole hash. A key of another type (a
 * set, a list) holds no tensor value: no parts, and {@link #note()} says so.
 *
 * @param note a sentence for what is not a part (skipped fields, a type that holds members); may be null
 */
public record TensorLoad(String type, long bytes, List<Part> parts, String note) {

    /**
     * One decoded value: {@code field} is null for a whole string value (or a RedisAI tensor).
     *
     * @param content what the bytes are in words, when they are in no tensor format at all
     *                ({@link ByteContent#isUnrecognised}); null otherwise, and for a RedisAI tensor
     */
    public record Part(String field, DecodeResult result, ByteContent content) {
    }

    public TensorLoad {
        parts = List.copyOf(parts);
    }
}
