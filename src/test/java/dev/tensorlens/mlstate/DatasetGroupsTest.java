package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetGroupsTest {

    private static DatasetSplits.Split set(String name, String key) {
        return new DatasetSplits.Split(name, key, RedisType.SET, 10);
    }

    private static DatasetSplits recognised(String name, DatasetSplits.Split... splits) {
        return new DatasetSplits(name, List.of(splits), false);
    }

    @Test
    void aKeyTheUserGroupedLeavesTheRecognisedDatasetAndAnEmptiedOneDisappears() {
        List<DatasetSplits> found = List.of(
                recognised("mnist", set("train", "mnist_train"), set("test", "mnist_test")),
                recognised("faces", set("train", "faces:train"), set("test", "faces:test")),
                recognised("cifar10", set("train", "cifar10:train")));
        DatasetSplits mine = DatasetGroups.manual("faces-v2",
                List.of(set("holdout", "faces:test"), set("train", "faces:train"), set("train", "faces:extra")));

        List<DatasetSplits> merged = DatasetGroups.merge(found, List.of(mine));

        assertThat(merged).extracting(DatasetSplits::name).as("faces lost both its sets; natural order")
                .containsExactly("cifar10", "faces-v2", "mnist");
        assertThat(merged.get(1)).isEqualTo(mine);
        assertThat(merged.get(2).splits()).hasSize(2);
    }

    @Test
    void aPartlyClaimedDatasetKeepsTheRestAndNamesSortNaturally() {
        List<DatasetSplits> found = List.of(
                recognised("set10", set("train", "set10:train")),
                recognised("set2", set("train", "set2:train"), set("val", "set2:val"), set("test", "set2:test")));
        DatasetSplits mine = DatasetGroups.manual("Set2", List.of(set("test", "set2:test")));

        List<DatasetSplits> merged = DatasetGroups.merge(found, List.of(mine));

        assertThat(merged).extracting(DatasetSplits::name).containsExactly("Set2", "set2", "set10");
        DatasetSplits left = merged.get(1);
        assertThat(left.manual()).isFalse();
        assertThat(left.splits()).extracting(DatasetSplits.Split::key).containsExactly("set2:train", "set2:val");
        assertThat(DatasetGroups.merge(found, List.of())).extracting(DatasetSplits::name).containsExactly("set2", "set10");
    }

    @Test
    void aHandMadeDatasetListsItsSplitsByRoleKeepingTheUsersOrderWithinARole() {
        DatasetSplits d = DatasetGroups.manual("mine", List.of(set("extra", "b"), set("test", "t"), set("extra2", "a"),
                set("validation", "v"), set("training", "tr")));

        assertThat(d.manual()).isTrue();
        assertThat(d.splits()).extracting(DatasetSplits.Split::key).containsExactly("tr", "v", "t", "b", "a");
    }

    @ParameterizedTest
    @CsvSource({
            "dataset:mnist:train, train",
            "mnist_test_ids, test",
            "val_dataset, val",
            "faces:holdout, holdout",
            "users_2024-april, april",
            "weird_key_, weird_key_",
            "plain, plain",
    })
    void theSplitNameAKeySuggests(String key, String name) {
        assertThat(DatasetGroups.splitName(key)).isEqualTo(name);
    }

    @Test
    void setsPickedByHandThatSuggestOneSplitNameAreToldApartByTheirKeys() {
        DatasetSplits d = DatasetGroups.manual("faces", List.of(
                new DatasetSplits.Split("ids", "a:ids", RedisType.SET, 100),
                new DatasetSplits.Split("ids", "b:ids", RedisType.SET, 50),
                new DatasetSplits.Split("test", "faces:holdout", RedisType.SET, 10)));
        assertThat(d.splits()).extracting(DatasetSplits.Split::name).containsExactly("test", "a:ids", "b:ids")
                .doesNotHaveDuplicates();
    }

    @Test
    void twoDatasetsOfOneNameAreNamedByTheirKeys() {
        DatasetSplits prefixed = new DatasetSplits("digits", List.of(
                new DatasetSplits.Split("train", "dataset:digits:train", RedisType.SET, 10),
                new DatasetSplits.Split("test", "dataset:digits:test", RedisType.SET, 2)), false);
        DatasetSplits underscored = new DatasetSplits("digits", List.of(
                new DatasetSplits.Split("train", "digits_train", RedisType.SET, 10),
                new DatasetSplits.Split("test", "digits_test", RedisType.SET, 2)), false);
        assertThat(DatasetGroups.merge(List.of(prefixed, underscored), List.of()))
                .extracting(DatasetSplits::name).containsExactly("dataset:digits", "digits (digits_train)");
    }
}
