package dev.tensorlens.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When the server writes a snapshot on its own: Redis's {@code save} setting, pairs of "after this many seconds, if
 * at least this many keys changed" ({@code "3600 1 300 100"}); empty for never.
 */
public record SaveSchedule(List<SavePoint> points) {

    /** Save when {@code seconds} have passed since the last save and at least {@code changes} writes were made. */
    public record SavePoint(long seconds, long changes) {
        @Override
        public String toString() {
            return seconds + " " + changes;
        }
    }

    public SaveSchedule {
        points = List.copyOf(points);
    }

    /**
     * Reads the text the server takes and gives back: whole numbers separated by spaces, in pairs, each at least 1.
     *
     * @throws IllegalArgumentException saying in words what is wrong, for a view to show under the field
     */
    public static SaveSchedule parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return new SaveSchedule(List.of());
        }
        String[] numbers = trimmed.split("\\s+");
        List<Long> values = new ArrayList<>();
        for (String n : numbers) {
            values.add(positive(n));
        }
        if (values.size() % 2 != 0) {
            throw new IllegalArgumentException("The save schedule is pairs of numbers, seconds then changes (such as "
                    + "\"3600 1 300 100\"); the last number, " + numbers[numbers.length - 1]
                    + " seconds, has no number of changes after it.");
        }
        List<SavePoint> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i += 2) {
            points.add(new SavePoint(values.get(i), values.get(i + 1)));
        }
        return new SaveSchedule(points);
    }

    private static long positive(String n) {
        long value;
        try {
            value = Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The save schedule takes whole numbers only, seconds then changes "
                    + "(such as \"3600 1 300 100\"); \"" + n + "\" is not one.");
        }
        if (value < 1) {
            throw new IllegalArgumentException("Every number of the save schedule must be at least 1; " + value
                    + " is not (leave the schedule empty to turn snapshots off).");
        }
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The save schedule's numbers must be at most " + Integer.MAX_VALUE
                    + "; " + value + " is more than Redis takes.");
        }
        return value;
    }

    public boolean isOff() {
        return points.isEmpty();
    }

    /** The text for {@code CONFIG SET save}: {@code "3600 1 300 100"}, or {@code ""} for never. */
    @Override
    public String toString() {
        return points.stream().map(SavePoint::toString).collect(Collectors.joining(" "));
    }

    /** "after 3600 s if 1 change, after 300 s if 100 changes", or "never (snapshots only on request)". */
    public String describe() {
        if (points.isEmpty()) {
            return "never (snapshots only on request)";
        }
        return points.stream().map(p -> String.format(Locale.ROOT, "after %,d s if %,d %s", p.seconds(), p.changes(),
                p.changes() == 1 ? "change" : "changes")).collect(Collectors.joining(", "));
    }
}
