package dev.tensorlens.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One master of a cluster, as {@code tensorlens info} lists it under the cluster's totals: its {@code host:port},
 * the hash slots it serves, its keys ({@code DBSIZE}) and its memory ({@code used_memory}, -1 when unknown).
 */
public record ClusterMaster(String address, List<SlotRange> slots, long keys, long usedMemory) {

    /** Slots {@code first} to {@code last}, both included. */
    public record SlotRange(int first, int last) {

        public int count() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /** Beyond this many ranges (a cluster resharded slot by slot) the ranges are counted instead of listed. */
    static final int RANGES_LISTED = 3;

    public ClusterMaster {
        slots = List.copyOf(slots);
    }

    /** Joins the slot numbers a node serves into ranges: {@code 0,1,2,7 → 0-2, 7}. */
    static List<SlotRange> ranges(List<Integer> slotNumbers) {
        List<Integer> sorted = slotNumbers.stream().sorted().toList();
        List<SlotRange> ranges = new ArrayList<>();
        for (int slot : sorted) {
            SlotRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && slot == last.last() + 1) {
                ranges.set(ranges.size() - 1, new SlotRange(last.first(), slot));
            } else if (last == null || slot > last.last()) {
                ranges.add(new SlotRange(slot, slot));
            }
        }
        return ranges;
    }

    public int slotCount() {
        return slots.stream().mapToInt(SlotRange::count).sum();
    }

    /** {@code 0-5460}, {@code 0-99, 200-5460}, or {@code 5,461 slots in 40 ranges} when listing them would not help. */
    public String slotsText() {
        if (slots.isEmpty()) {
            return "no slots";
        }
        if (slots.size() <= RANGES_LISTED) {
            return slots.stream().map(SlotRange::toString).collect(Collectors.joining(", "));
        }
        return String.format(Locale.ROOT, "%,d slots in %d ranges", slotCount(), slots.size());
    }
}
