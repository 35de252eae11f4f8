package dev.tensorlens.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@code ROLE}: a master with its replicas, a replica with its master and link state,
 * or a sentinel with the masters it watches.
 */
public record ServerRole(String role, String masterAddress, String linkState, long replicationOffset,
                         List<String> replicasOrMasters) {

    public ServerRole {
        replicasOrMasters = List.copyOf(replicasOrMasters);
    }

    /** Reads the nested list Lettuce returns for {@code ROLE} (byte arrays, longs and lists). */
    public static ServerRole parse(List<Object> reply) {
        if (reply == null || reply.isEmpty()) {
            return new ServerRole("unknown", null, null, 0, List.of());
        }
        String role = text(reply.get(0));
        List<String> others = new ArrayList<>();
        switch (role) {
            case "master" -> {
                long offset = reply.size() > 1 ? number(reply.get(1)) : 0;
                if (reply.size() > 2 && reply.get(2) instanceof List<?> replicas) {
                    for (Object r : replicas) {
                        if (r instanceof List<?> parts && parts.size() >= 2) {
                            others.add(text(parts.get(0)) + ":" + text(parts.get(1)));
                        }
                    }
                }
                return new ServerRole(role, null, null, offset, others);
            }
            case "slave", "replica" -> {
                String master = reply.size() > 2 ? text(reply.get(1)) + ":" + text(reply.get(2)) : null;
                String link = reply.size() > 3 ? text(reply.get(3)) : null;
                long offset = reply.size() > 4 ? number(reply.get(4)) : 0;
                return new ServerRole("replica", master, link, offset, others);
            }
            case "sentinel" -> {
                if (reply.size() > 1 && reply.get(1) instanceof List<?> masters) {
                    masters.forEach(m -> others.add(text(m)));
                }
                return new ServerRole(role, null, null, 0, others);
            }
            default -> {
                return new ServerRole(role, null, null, 0, others);
            }
        }
    }

    /** One line for the status of this node: {@code master · 2 replicas}, {@code replica of 10.0.0.1:6379 (connected)}. */
    public String describe() {
        return switch (role) {
            case "master" -> "master · " + replicasOrMasters.size()
                    + (replicasOrMasters.size() == 1 ? " replica" : " replicas");
            case "replica" -> "replica of " + masterAddress + (linkState != null ? " (" + linkState + ")" : "");
            case "sentinel" -> "sentinel watching " + String.join(", ", replicasOrMasters);
            default -> role;
        };
    }

    private static String text(Object o) {
        if (o instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(o);
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(text(o));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
