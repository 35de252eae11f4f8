package dev.tensorlens.ui.data;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the class balance counts labels: empty classes shown, ids that are not classes not charted. */
class LabelsBesideTest {

    @Test
    void aClassNoSampleHasIsCountedAsZero() {
        Map<Long, Long> counts = LabelsBeside.counts(new long[] {1, 3, 3, 1, 1}, 0);

        assertThat(counts).containsExactly(Map.entry(0L, 0L), Map.entry(1L, 3L), Map.entry(2L, 0L), Map.entry(3L, 2L));
    }

    @Test
    void classNamesBesideAddTheClassesNoSampleReaches() {
        assertThat(LabelsBeside.counts(new long[] {0, 1}, 4)).containsOnlyKeys(0L, 1L, 2L, 3L);
    }

    @Test
    void idsOfMoreThanAThousandValuesAreNotChartedAsClasses() {
        long[] ids = new long[5000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1_000_000L + i;
        }

        assertThat(LabelsBeside.counts(ids, 0)).isEmpty();
    }

    @Test
    void sparseOrNegativeIdsAreCountedAsFound() {
        assertThat(LabelsBeside.counts(new long[] {-1, 5000, 5000}, 0))
                .containsExactly(Map.entry(-1L, 1L), Map.entry(5000L, 2L));
    }
}
