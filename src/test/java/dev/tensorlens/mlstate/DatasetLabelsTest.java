package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The names a dataset's labels are looked for under, from its split keys alone. */
class DatasetLabelsTest {

    static DatasetSplits dataset(String... keys) {
        return new DatasetSplits("d", Arrays.stream(keys)
                .map(k -> new DatasetSplits.Split(k.substring(k.length() - 4), k, RedisType.SET, -1)).toList(), false);
    }

    @Test
    void besideColonSeparatedSplitsTheColonComesFirst() {
        List<String> c = DatasetLabels.candidates(dataset("dataset:digits:train", "dataset:digits:test"));
        assertThat(c).startsWith("dataset:digits:labels", "dataset:digits_labels", "dataset:digits-labels",
                "dataset:digits:label");
        assertThat(c).contains("dataset:digits:y", "dataset:digits:targets", "dataset:digits-classes").hasSize(15);
    }

    @Test
    void aCommonPrefixIsCutBackToItsLastSeparator() {
        // mnist_train and mnist_test share "mnist_t"
        assertThat(DatasetLabels.candidates(dataset("mnist_train", "mnist_test")))
                .startsWith("mnist_labels", "mnist:labels", "mnist-labels").doesNotContain("mnist_tlabels");
        assertThat(DatasetLabels.candidates(dataset("data-cifar-train"))).first().isEqualTo("data-cifar-labels");
    }

    @Test
    void splitsThatShareNothingGiveTheBareWordsAndASplitKeyIsNeverACandidate() {
        assertThat(DatasetLabels.candidates(dataset("train", "test"))).containsExactly(DatasetLabels.WORDS.toArray(String[]::new));
        assertThat(DatasetLabels.candidates(dataset("ds:train", "ds:labels"))).doesNotContain("ds:labels").first()
                .isEqualTo("ds_labels");
        assertThat(DatasetLabels.candidates(new DatasetSplits("e", List.of(), true))).isEmpty();
    }
}
