package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Two checkpoints of a model, layer by layer: which layers can be compared value by value (same name, same shape),
 * and which cannot, and why — a layer added or removed between versions, or one whose shape or dtype changed.
 * Layers come in the order of the newer checkpoint, then those only the older one has.
 */
public final class VersionDiff {

    public enum Status {
        /** Same name and shape: values can be compared (dtypes may differ: fp32 against its fp16 copy). */
        COMPARABLE("compared"),
        ONLY_BEFORE("only in the older version"),
        ONLY_AFTER("only in the newer version"),
        SHAPE_DIFFERS("shape differs"),
        /** A side whose header could not be read. */
        UNREADABLE("could not be read");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One layer name, with what each side holds (null where a side lacks it). */
    public record Pair(String name, LayerInfo before, LayerInfo after, Status status) {

        /** "float32 → float16" when the dtypes differ, else null. */
        public String dtypeChange() {
            if (before == null || after == null || before.dtype() == after.dtype()) {
                return null;
            }
            return before.dtype() + " → " + after.dtype();
        }
    }

    private VersionDiff() {
    }

    public static List<Pair> of(CheckpointContents before, CheckpointContents after) {
        Map<String, LayerInfo> older = before.byName();
        Map<String, LayerInfo> newer = after.byName();
        List<Pair> pairs = new ArrayList<>();
        for (LayerInfo b : newer.values()) {
            LayerInfo a = older.get(b.name());
            pairs.add(new Pair(b.name(), a, b, status(a, b)));
        }
        for (LayerInfo a : older.values()) {
            if (!newer.containsKey(a.name())) {
                pairs.add(new Pair(a.name(), a, null, Status.ONLY_BEFORE));
            }
        }
        return pairs;
    }

    private static Status status(LayerInfo before, LayerInfo after) {
        if (before == null) {
            return Status.ONLY_AFTER;
        }
        if (!before.readable() || !after.readable()) {
            return Status.UNREADABLE;
        }
        return Arrays.equals(before.shape(), after.shape()) ? Status.COMPARABLE : Status.SHAPE_DIFFERS;
    }
}
