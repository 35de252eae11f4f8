package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cached arrays grouped by prefix, and the labels and class names found beside a batch by their names. */
class CachedArrayGroupsTest {

    static CachedArray string(String key) {
        return CachedArray.wholeKey(key, RedisType.STRING);
    }

    static CachedArray field(String key, String field) {
        return CachedArray.hashField(TensorRef.field(field, key, field, TensorEncoding.SNIFF), true);
    }

    static final CachedArray NORMALIZED_0 = string("cache:digits:batch:0:normalized");
    static final CachedArray LABELS_0 = string("cache:digits:batch:0:labels");
    static final CachedArray RAW_0 = CachedArray.hashField(new TensorRef("data", "cache:digits:batch:0:raw", "data",
            TensorEncoding.RAW_WITH_DTYPE_SHAPE, "dtype", "shape"), false);
    static final CachedArray NORMALIZED_10 = string("cache:digits:batch:10:normalized");
    static final CachedArray LABELS_10 = string("cache:digits:batch:10:labels");
    static final CachedArray NORMALIZED_2 = string("cache:digits:batch:2:normalized");
    static final CachedArray RECENT = CachedArray.wholeKey("cache:digits:recent-batches", RedisType.LIST);
    static final CachedArray CLASSES = string("cache:digits:class-names");
    static final CachedArray FEATURES = field("preprocessed_data", "features");
    static final CachedArray LABELS = field("preprocessed_data", "labels");
    static final List<CachedArray> ALL = List.of(NORMALIZED_10, LABELS_10, RECENT, NORMALIZED_0, RAW_0, LABELS_0,
            NORMALIZED_2, CLASSES, LABELS, FEATURES);

    @Test
    void groupsAndTheirArraysComeInNaturalOrder() {
        List<CachedArrayGroups.Group> groups = CachedArrayGroups.of(ALL);

        assertThat(groups).extracting(CachedArrayGroups.Group::prefix).containsExactly("cache:digits",
                "cache:digits:batch:0", "cache:digits:batch:2", "cache:digits:batch:10", "preprocessed_data");
        assertThat(groups.get(0).arrays()).extracting(CachedArray::label).containsExactly("class-names", "recent-batches");
        assertThat(groups.get(1).arrays()).extracting(CachedArray::label).containsExactly("labels", "normalized", "raw");
        assertThat(groups.get(4).arrays()).containsExactly(FEATURES, LABELS);
        assertThat(RAW_0.label()).as("a hash of one array is named after its key").isEqualTo("raw");
    }

    @Test
    void labelsAreFoundBesideTheirBatchAndNeverForThemselves() {
        assertThat(CachedArrayGroups.labelsBeside(NORMALIZED_0, ALL)).contains(LABELS_0);
        assertThat(CachedArrayGroups.labelsBeside(RAW_0, ALL)).contains(LABELS_0);
        assertThat(CachedArrayGroups.labelsBeside(NORMALIZED_10, ALL)).contains(LABELS_10);
        assertThat(CachedArrayGroups.labelsBeside(NORMALIZED_2, ALL)).as("batch 2 has none of its own").isEmpty();
        assertThat(CachedArrayGroups.labelsBeside(FEATURES, ALL)).as("a field of the same hash").contains(LABELS);
        assertThat(CachedArrayGroups.labelsBeside(LABELS_0, ALL)).isEmpty();
        assertThat(CachedArrayGroups.labelsBeside(LABELS, ALL)).isEmpty();
    }

    @Test
    void namesAlikeWinWhereAGroupHasSeveralLabels() {
        CachedArray xTrain = string("mnist:X_train");
        CachedArray yTrain = string("mnist:y_train");
        CachedArray xTest = string("mnist:X_test");
        CachedArray yTest = string("mnist:y_test");
        CachedArray trainFeatures = string("cifar:train_features");
        CachedArray trainLabels = string("cifar:train-labels");
        CachedArray testLabels = string("cifar:test_labels");
        CachedArray images = string("cifar:images");
        CachedArray targets = field("batch", "Targets");
        CachedArray inputs = field("batch", "inputs");
        List<CachedArray> all = List.of(xTrain, yTrain, xTest, yTest, trainFeatures, trainLabels, testLabels, images,
                targets, inputs);

        assertThat(CachedArrayGroups.labelsBeside(xTrain, all)).contains(yTrain);
        assertThat(CachedArrayGroups.labelsBeside(xTest, all)).contains(yTest);
        assertThat(CachedArrayGroups.labelsBeside(yTest, all)).isEmpty();
        assertThat(CachedArrayGroups.labelsBeside(trainFeatures, all)).contains(trainLabels);
        assertThat(CachedArrayGroups.labelsBeside(images, all)).as("two candidates, neither named like it").isEmpty();
        assertThat(CachedArrayGroups.labelsBeside(inputs, all)).contains(targets);
    }

    @Test
    void classNamesInTheGroupOrAGroupAbove() {
        CachedArray near = string("cache:digits:batch:0:classes");
        CachedArray labelNames = string("label_names");

        assertThat(CachedArrayGroups.classNamesBeside(LABELS_0, ALL)).contains(CLASSES);
        assertThat(CachedArrayGroups.classNamesBeside(LABELS_0, List.of(LABELS_0, CLASSES, near))).contains(near);
        assertThat(CachedArrayGroups.classNamesBeside(LABELS, List.of(LABELS, FEATURES, labelNames)))
                .contains(labelNames);
        assertThat(CachedArrayGroups.classNamesBeside(LABELS, ALL)).isEmpty();
    }
}
