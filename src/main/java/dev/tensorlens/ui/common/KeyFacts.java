package dev.tensorlens.ui.common;

import dev.tensorlens.redis.KeyInfo;

import java.time.Duration;

/** What a key is, in words, as the value header and a key row's tooltip say it: size, memory, time to live. */
public final class KeyFacts {

    private KeyFacts() {
    }

    /** {@code 196 KiB} for a string, else the count in the type's unit: {@code 2,000 members}, {@code 1 field}. */
    public static String size(KeyInfo info) {
        String unit = info.sizeUnit();
        if ("string".equals(info.type()) || unit.isEmpty()) {
            return "string".equals(info.type()) ? HumanReadable.bytes(info.size()) : "";
        }
        return HumanReadable.count(info.size()) + " " + (info.size() == 1 ? unit.substring(0, unit.length() - 1) : unit);
    }

    /** {@code 224 KiB in memory}, or {@code memory unknown} where the server does not say. */
    public static String memory(KeyInfo info) {
        return info.memoryBytes() < 0 ? "memory unknown" : HumanReadable.bytes(info.memoryBytes()) + " in memory";
    }

    /** {@code no expiry}, else what is left: {@code 42 s}, {@code 2 h 5 min}. */
    public static String ttl(KeyInfo info) {
        return info.ttlMillis() < 0 ? "no expiry" : HumanReadable.duration(Duration.ofMillis(info.ttlMillis()));
    }

    /** {@code 196 KiB · 224 KiB in memory · no expiry}. */
    public static String summary(KeyInfo info) {
        return size(info) + " · " + memory(info) + " · " + ttl(info);
    }
}
