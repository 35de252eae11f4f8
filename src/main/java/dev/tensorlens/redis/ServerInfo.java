package dev.tensorlens.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The reply to {@code INFO}, read into its sections ({@code server}, {@code clients}, {@code memory},
 * {@code persistence}, {@code keyspace}, …) with typed accessors for the fields the dashboard shows.
 * Field order is kept as the server sent it.
 */
public record ServerInfo(Map<String, Map<String, String>> sections) {

    /** One {@code dbN:keys=…,expires=…,avg_ttl=…} line of the keyspace section. */
    public record KeyspaceEntry(int database, long keys, long expires, long avgTtlMillis) {
    }

    public ServerInfo {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((name, fields) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(fields))));
        sections = Collections.unmodifiableMap(copy);
    }

    /** Reads the text of an {@code INFO} reply. Lines it does not understand are skipped, never fatal. */
    public static ServerInfo parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = sections.computeIfAbsent("default", k -> new LinkedHashMap<>());
        for (String raw : (text == null ? "" : text).split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String name = line.substring(1).strip().toLowerCase(Locale.ROOT);
                current = sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        if (sections.get("default").isEmpty()) {
            sections.remove("default");
        }
        return new ServerInfo(sections);
    }

    /** A section's fields, empty when the server did not send that section. */
    public Map<String, String> section(String name) {
        return sections.getOrDefault(name.toLowerCase(Locale.ROOT), Map.of());
    }

    /** A field from whichever section holds it, or {@code null}. */
    public String get(String field) {
        for (Map<String, String> fields : sections.values()) {
            String v = fields.get(field);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public OptionalLong getLong(String field) {
        String v = get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public String version() {
        return get("redis_version");
    }

    /** {@code standalone}, {@code sentinel} or {@code cluster}, as the server calls itself. */
    public String mode() {
        return get("redis_mode");
    }

    /** {@code master} or {@code slave} (Redis's own word for a replica). */
    public String role() {
        return get("role");
    }

    /** Major and minor version as one number ({@code 7.0.15 → 700}), or 0 when unknown; for feature checks. */
    public int versionNumber() {
        String v = version();
        if (v == null) {
            return 0;
        }
        String[] parts = v.split("\\.");
        try {
            return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public List<KeyspaceEntry> keyspace() {
        List<KeyspaceEntry> entries = new ArrayList<>();
        section("keyspace").forEach((name, value) -> {
            if (!name.startsWith("db")) {
                return;
            }
            try {
                int db = Integer.parseInt(name.substring(2));
                long keys = 0;
                long expires = 0;
                long avgTtl = 0;
                boolean understood = false;
                for (String pair : value.split(",")) {
                    String[] kv = pair.split("=", 2);
                    if (kv.length != 2) {
                        continue;
                    }
                    long n = Long.parseLong(kv[1].trim());
                    understood = true;
                    switch (kv[0].trim()) {
                        case "keys" -> keys = n;
                        case "expires" -> expires = n;
                        case "avg_ttl" -> avgTtl = n;
                        default -> { }
                    }
                }
                if (understood) {
                    entries.add(new KeyspaceEntry(db, keys, expires, avgTtl));
                }
            } catch (NumberFormatException e) {
                // a keyspace line from a future server we cannot read: leave it out
            }
        });
        return entries;
    }
}
