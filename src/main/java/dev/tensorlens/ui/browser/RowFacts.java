package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.ui.common.HumanReadable;

import java.time.Duration;

/** The short texts of a key row's columns; its tooltip says the same in words ({@code KeyFacts}). */
final class RowFacts {

    private RowFacts() {
    }

    /** Bytes for a string ({@code 196 KiB}), else the count of fields, members or entries ({@code 2,000}). */
    static String size(KeyInfo info) {
        if ("string".equals(info.type())) {
            return HumanReadable.bytes(info.size());
        }
        return info.sizeUnit().isEmpty() ? "" : HumanReadable.count(info.size());
    }

    static String memory(KeyInfo info) {
        return info.memoryBytes() < 0 ? "–" : HumanReadable.bytes(info.memoryBytes());
    }

    /** {@code –} without an expiry, else what is left: {@code 42 s}, {@code 2 h 5 min}. */
    static String ttl(KeyInfo info) {
        return info.ttlMillis() < 0 ? "–" : HumanReadable.duration(Duration.ofMillis(info.ttlMillis()));
    }
}
