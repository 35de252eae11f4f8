package dev.tensorlens.redis;

import java.nio.charset.StandardCharsets;

/**
 * Sorted-set scores as Redis writes them ({@code 0.5}, {@code inf}, {@code -inf}) and as Java does: Java's
 * {@code Double.toString} is the shortest text that reads back to the same double, and Redis reads it back exactly,
 * so a score taken out of a sorted set and put back is the same score.
 */
final class Scores {

    private Scores() {
    }

    static double parse(String text) {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The score as a command argument. */
    static byte[] arg(double score) {
        String text = score == Double.POSITIVE_INFINITY ? "+inf"
                : score == Double.NEGATIVE_INFINITY ? "-inf" : Double.toString(score);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The score for a sentence: {@code 0.5}, {@code 1.0}, {@code inf}. */
    static String display(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "inf" : "-inf";
        }
        return Double.toString(score);
    }
}
