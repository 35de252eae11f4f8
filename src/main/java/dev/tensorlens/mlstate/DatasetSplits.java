package dev.tensorlens.mlstate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A dataset's membership sets: split name as the user wrote it ({@code train}, {@code validation}) → set key. */
public record DatasetSplits(String name, Map<String, String> splits) {

    public DatasetSplits {
        splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }
}
