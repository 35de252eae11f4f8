package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Sniffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one field of a hash is decoded as a tensor: which other fields describe it ({@code w:dtype} and
 * {@code w:shape} of its own, else the hash's shared {@code dtype}, {@code shape}, {@code order}), and which
 * fields are such descriptions rather than tensors. Shared by {@code tensorlens inspect} and the key browser.
 */
public final class HashFieldTensors {

    /** Hash fields that describe the others (raw {@code tobytes()} data) rather than hold tensors. */
    public static final List<String> METADATA_FIELDS = List.of("dtype", "shape", "order", "fortran_order");
    private static final List<String> OWN_METADATA = List.of("dtype", "shape");

    private HashFieldTensors() {
    }

    /** The fields to fetch (e.g. with {@code HMGET}) to decode {@code field}: its own metadata and the shared. */
    public static List<String> siblingNames(String field) {
        List<String> names = new ArrayList<>(METADATA_FIELDS);
        for (String sep : KeyNames.SIBLING_SEPARATORS) {
            for (String meta : OWN_METADATA) {
                names.add(field + sep + meta);
            }
        }
        return names;
    }

    /**
     * The {@code dtype}, {@code shape}, … that describe {@code field}, from the fields found (a map from field name
     * to value that may hold any of {@link #siblingNames}): its own before the hash's.
     */
    public static Map<String, byte[]> siblingsOf(String field, Map<String, byte[]> found) {
        Map<String, byte[]> siblings = new LinkedHashMap<>();
        for (String meta : METADATA_FIELDS) {
            byte[] own = null;
            for (String sep : KeyNames.SIBLING_SEPARATORS) {
                own = own != null ? own : found.get(field + sep + meta);
            }
            byte[] value = own != null ? own : found.get(meta);
            if (value != null) {
                siblings.put(meta, value);
            }
        }
        return siblings;
    }

    /** Whether {@code field} is a description of other fields ({@code dtype}, {@code w:shape}, …), not a tensor. */
    public static boolean isMetadataField(String field) {
        if (METADATA_FIELDS.contains(field)) {
            return true;
        }
        for (String sep : KeyNames.SIBLING_SEPARATORS) {
            for (String meta : OWN_METADATA) {
                if (field.endsWith(sep + meta) && field.length() > sep.length() + meta.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A tensor without a name of its own (a lone .npy, raw bytes, a JSON list) takes its field's or key's. */
    public static Tensor named(Tensor t, String fallback) {
        return t.name().isEmpty() || t.name().equals(Sniffer.UNNAMED) ? t.withName(fallback) : t;
    }
}
