package dev.tensorlens.ui.browser;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/**
 * Sorting key ids by a comparison of the keys they stand for, without boxing: a stable merge sort for a page of new
 * keys, and merging them into the sorted order by binary search.
 */
final class IdOrder {

    private IdOrder() {
    }

    /** A new array: {@code base} with the sorted {@code add[0..n)} inserted by binary search. */
    static int[] mergeIn(int[] base, int[] add, int n, IntBinaryOperator compare) {
        int[] out = new int[base.length + n];
        int from = 0; // next base element to copy
        int o = 0;
        for (int p = 0; p < n; p++) {
            int id = add[p];
            int lo = from;
            int hi = base.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare.applyAsInt(base[mid], id) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(base, from, out, o, lo - from);
            o += lo - from;
            from = lo;
            out[o++] = id;
        }
        System.arraycopy(base, from, out, o, base.length - from);
        return out;
    }

    static void sort(int[] ids, int n, IntBinaryOperator compare) {
        if (n < 2) {
            return;
        }
        int[] tmp = Arrays.copyOf(ids, n);
        mergeSort(tmp, ids, 0, n, compare);
    }

    /** Sorts {@code dst[lo..hi)}; {@code src} holds the same elements on entry. */
    private static void mergeSort(int[] src, int[] dst, int lo, int hi, IntBinaryOperator compare) {
        int n = hi - lo;
        if (n < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = dst[i];
                int j = i - 1;
                while (j >= lo && compare.applyAsInt(dst[j], v) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dst, src, lo, mid, compare);
        mergeSort(dst, src, mid, hi, compare);
        if (compare.applyAsInt(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, n);
            return;
        }
        for (int i = lo, p = lo, q = mid; i < hi; i++) {
            if (q >= hi || (p < mid && compare.applyAsInt(src[p], src[q]) <= 0)) {
                dst[i] = src[p++];
            } else {
                dst[i] = src[q++];
            }
        }
    }
}
