package dev.tensorlens.mlstate;

import java.util.Optional;

/**
 * Where one tensor (or one blob of tensors) lives: a key, and a hash field when it is in a hash. For
 * {@link TensorEncoding#RAW_WITH_DTYPE_SHAPE}, {@code dtypeField} and {@code shapeField} name the siblings.
 */
public record TensorRef(String name, String key, String field, TensorEncoding encoding,
                        String dtypeField, String shapeField) {

    public static TensorRef wholeKey(String name, String key) {
        return new TensorRef(name, key, null, TensorEncoding.SNIFF, null, null);
    }

    public static TensorRef field(String name, String key, String field, TensorEncoding encoding) {
        return new TensorRef(name, key, field, encoding, null, null);
    }

    public Optional<String> hashField() {
        return Optional.ofNullable(field);
    }
}
