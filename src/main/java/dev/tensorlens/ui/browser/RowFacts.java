package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.ui.common.Format;

import java.time.Duration;

/** The short texts of a key row's columns. */
final class RowFacts {

    private RowFacts() {
    }

    /** Bytes for a string ({@code 196 KiB}), else the count in the type's unit ({@code 3 fields}). */
    static String size(KeyInfo info) {
        if ("string".equals(info.type())) {
            return Format.bytes(info.size());
        }
        String unit = info.sizeUnit();
        return unit.isEmpty() ? "" : Format.count(info.size()) + " " + (info.size() == 1 ? unit.substring(0, unit.length() - 1) : unit);
    }

    static String memory(KeyInfo info) {
        return info.memoryBytes() < 0 ? "–" : Format.bytes(info.memoryBytes());
    }

    /** {@code –} without an expiry, else what is left: {@code 42 s}, {@code 2 h 5 min}. */
    static String ttl(KeyInfo info) {
        return info.ttlMillis() < 0 ? "–" : Format.duration(Duration.ofMillis(info.ttlMillis()));
    }
}
