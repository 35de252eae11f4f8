package dev.tensorlens.mlstate;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Listings as a Python user's Redis would show them, built in memory. */
class LayoutRecognizerTest {

    final LayoutRecognizer recognizer = new LayoutRecognizer();

    @Test
    void hashPerCheckpointWithVersionSuffixesAndAnIndex() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.hash("model:digits-mlp:v10", "layer0.weight", "layer0.bias"),
                KeyEntry.hash("model:digits-mlp:v2", "layer0.weight", "layer0.bias"),
                KeyEntry.hash("model:digits-mlp:v1", "layer0.weight", "layer0.bias"),
                KeyEntry.zset("model:digits-mlp:versions", "v1", "v2", "v10", "v11")));

        ModelEntry model = index.model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        assertThat(model.versionNames()).as("score order, v11 recorded but missing")
                .containsExactly("v1", "v2", "v10", "v11");
        assertThat(model.version("v11").orElseThrow().tensors()).isEmpty();
        assertThat(model.versionIndexKey()).contains("model:digits-mlp:versions");
        assertThat(model.version("v2").orElseThrow().tensors())
                .extracting(TensorRef::name, TensorRef::key, TensorRef::field, TensorRef::encoding)
                .containsExactly(
                        Tuple.tuple("layer0.weight", "model:digits-mlp:v2", "layer0.weight", TensorEncoding.SNIFF),
                        Tuple.tuple("layer0.bias", "model:digits-mlp:v2", "layer0.bias", TensorEncoding.SNIFF));
    }

    @Test
    void versionsWithoutAnIndexSortByNumberNotText() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.hash("ckpt:bert:epoch_10", "w"), KeyEntry.hash("ckpt:bert:epoch_9", "w"),
                KeyEntry.hash("ckpt:bert:epoch_1", "w")));

        assertThat(index.model("bert", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow().versionNames())
                .containsExactly("epoch_1", "epoch_9", "epoch_10");
    }

    @Test
    void rawFieldsWithDtypeAndShapeSiblingsAreOneTensorEach() {
        MlStateIndex index = recognizer.recognize(List.of(KeyEntry.hash("model:net:v1",
                "fc.weight", "fc.weight:dtype", "fc.weight:shape", "fc.bias", "fc.bias_dtype", "fc.bias_shape")));

        List<TensorRef> tensors = index.model("net", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow()
                .version("v1").orElseThrow().tensors();
        assertThat(tensors).hasSize(2);
        assertThat(tensors.get(0)).isEqualTo(new TensorRef("fc.weight", "model:net:v1", "fc.weight",
                TensorEncoding.RAW_WITH_DTYPE_SHAPE, "fc.weight:dtype", "fc.weight:shape"));
        assertThat(tensors.get(1).dtypeField()).isEqualTo("fc.bias_dtype");
    }

    @Test
    void safetensorsBlobsFloat16CopiesAndPerTensorKeysAreSeparateLayoutsOfOneModel() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.string("model:digits-mlp:v1:safetensors"),
                KeyEntry.string("model:digits-mlp:v2:safetensors"),
                KeyEntry.hash("model:digits-mlp:v1:fp16", "layer0.weight"),
                KeyEntry.string("model:digits-mlp:v1:layer0.weight"),
                KeyEntry.string("model:digits-mlp:v1:layer0.bias"),
                KeyEntry.string("model:digits-mlp:v2:layer0.weight")));

        ModelEntry blobs = index.model("digits-mlp", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors").orElseThrow();
        assertThat(blobs.versionNames()).containsExactly("v1", "v2");
        assertThat(blobs.version("v2").orElseThrow().keys()).containsExactly("model:digits-mlp:v2:safetensors");
        assertThat(index.model("digits-mlp", ModelLayout.HASH_PER_CHECKPOINT, "fp16")).isPresent();
        ModelEntry perTensor = index.model("digits-mlp", ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
        assertThat(perTensor.version("v1").orElseThrow().tensors()).extracting(TensorRef::name)
                .containsExactly("layer0.weight", "layer0.bias");
        assertThat(index.models()).hasSize(3);
    }

    @Test
    void perTensorKeysWithoutVersionsAndPerTensorRawHashes() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.string("weights:resnet18:conv1.weight"),
                KeyEntry.string("weights:resnet18:fc.bias"),
                KeyEntry.hash("model:tiny:v3:embed", "data", "dtype", "shape")));

        ModelEntry resnet = index.model("resnet18", ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
        assertThat(resnet.versionNames()).containsExactly("current");
        assertThat(resnet.version("current").orElseThrow().keys())
                .containsExactly("weights:resnet18:conv1.weight", "weights:resnet18:fc.bias");
        TensorRef embed = index.model("tiny", ModelLayout.KEY_PER_TENSOR, "").orElseThrow()
                .version("v3").orElseThrow().tensors().get(0);
        assertThat(embed).isEqualTo(new TensorRef("embed", "model:tiny:v3:embed", "data",
                TensorEncoding.RAW_WITH_DTYPE_SHAPE, "dtype", "shape"));
    }

    @Test
    void theClassicModelParamsHashOfJsonDicts() {
        MlStateIndex index = recognizer.recognize(List.of(KeyEntry.hash("model_params", "layer1", "layer2")));

        ModelEntry model = index.model("model", ModelLayout.JSON_PARAMS_HASH, "").orElseThrow();
        assertThat(model.version("current").orElseThrow().tensors())
                .extracting(TensorRef::field, TensorRef::encoding)
                .containsExactly(Tuple.tuple("layer1", TensorEncoding.JSON_DICT),
                        Tuple.tuple("layer2", TensorEncoding.JSON_DICT));
    }

    @Test
    void cachedArraysRawWithSiblingsAndSelfDescribing() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.hash("cache:digits:batch:0:raw", "data", "dtype", "shape"),
                KeyEntry.string("cache:digits:batch:0:normalized"),
                KeyEntry.string("embeddings:doc:42"),
                KeyEntry.string("session:abc")));

        assertThat(index.cachedArrays()).extracting(c -> c.location().key(), c -> c.location().encoding())
                .containsExactly(
                        Tuple.tuple("cache:digits:batch:0:raw", TensorEncoding.RAW_WITH_DTYPE_SHAPE),
                        Tuple.tuple("cache:digits:batch:0:normalized", TensorEncoding.SNIFF),
                        Tuple.tuple("embeddings:doc:42", TensorEncoding.SNIFF));
        assertThat(index.models()).as("a session key is nobody's model").isEmpty();
    }

    @Test
    void cachedHashesOfSeveralArraysListsAndWordsInsideSegments() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.hash("preprocessed_data", "features", "labels"),
                KeyEntry.hash("cache:digits:batch:0:raw", "data", "dtype", "shape", "order"),
                new KeyEntry("cache:digits:recent-batches", RedisType.LIST, List.of(), 3),
                KeyEntry.string("train_features"),
                new KeyEntry("queue:jobs", RedisType.LIST, List.of(), 3),
                KeyEntry.hash("user:42", "name", "email"),
                KeyEntry.string("weights:vgg16:features.0.weight")));

        assertThat(index.cachedArrays()).extracting(CachedArray::type, CachedArray::group, CachedArray::label,
                        c -> c.location().field())
                .containsExactly(
                        Tuple.tuple(RedisType.HASH, "preprocessed_data", "features", "features"),
                        Tuple.tuple(RedisType.HASH, "preprocessed_data", "labels", "labels"),
                        Tuple.tuple(RedisType.HASH, "cache:digits:batch:0", "raw", "data"),
                        Tuple.tuple(RedisType.LIST, "cache:digits", "recent-batches", null),
                        Tuple.tuple(RedisType.STRING, "", "train_features", null));
        assertThat(index.cachedArrays().get(2).location()).as("order is metadata, not a second array")
                .isEqualTo(new TensorRef("cache:digits:batch:0:raw", "cache:digits:batch:0:raw", "data",
                        TensorEncoding.RAW_WITH_DTYPE_SHAPE, "dtype", "shape"));
        assertThat(index.model("vgg16", ModelLayout.KEY_PER_TENSOR, "")).as("a layer named features.0 is no cache")
                .isPresent();
    }

    @Test
    void versionedKeysWithCacheWordsStayModels() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.hash("model:embeddings-net:v2", "layer0.weight"),
                KeyEntry.hash("features:extractor:v1", "conv.weight")));

        assertThat(index.cachedArrays()).isEmpty();
        assertThat(index.models()).extracting(ModelEntry::name).containsExactly("embeddings-net", "features:extractor");
    }

    @Test
    void datasetSplitsAsSetsWhateverTheNaming() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.set("dataset:digits:test", 250),
                KeyEntry.set("dataset:digits:train", 2000),
                KeyEntry.set("dataset:digits:val", 250),
                KeyEntry.set("mnist_train_ids", 60000),
                KeyEntry.set("mnist_validation_ids", 5000),
                KeyEntry.set("mnist_test_ids", 10000),
                KeyEntry.set("users:banned", 3),
                KeyEntry.set("constrain", 3),
                KeyEntry.set("scratch:test", 3)));

        assertThat(index.dataset("digits").orElseThrow().splits())
                .extracting(DatasetSplits.Split::name, DatasetSplits.Split::key)
                .containsExactly(tuple("train", "dataset:digits:train"), tuple("val", "dataset:digits:val"),
                        tuple("test", "dataset:digits:test"));
        assertThat(index.dataset("mnist").orElseThrow().splits()).extracting(DatasetSplits.Split::name, DatasetSplits.Split::size)
                .containsExactly(tuple("train", 60000L), tuple("validation", 5000L), tuple("test", 10000L));
        assertThat(index.datasets()).as("one set called test is not a dataset").hasSize(2);
    }

    @Test
    void tutorialNamesWithTheSplitFirstAreDatasetsNamedAfterTheirSuffixAndNeverMixWithPrefixedOnes() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.set("train_dataset", 48), KeyEntry.set("val_dataset", 8), KeyEntry.set("test_dataset", 8),
                KeyEntry.set("train", 10), KeyEntry.set("test", 2),
                KeyEntry.set("dataset:train", 5), KeyEntry.set("dataset:test", 1),
                KeyEntry.set("digits_train", 7), KeyEntry.set("digits_test_samples", 3),
                KeyEntry.set("cifar-train-split", 9),
                KeyEntry.set("mnist_test_ids", 4), KeyEntry.set("mnist_train_data", 40)));

        assertThat(index.datasets()).as("by name, in natural order")
                .extracting(DatasetSplits::name)
                .containsExactly("cifar", "dataset", "dataset", "default", "digits", "mnist");
        assertThat(index.datasets()).filteredOn(d -> d.name().equals("dataset"))
                .extracting(d -> d.splits().stream().map(DatasetSplits.Split::key).toList())
                .as("the prefix-less tutorial sets and the dataset: prefixed ones stay two datasets")
                .containsExactlyInAnyOrder(List.of("dataset:train", "dataset:test"),
                        List.of("train_dataset", "val_dataset", "test_dataset"));
        assertThat(index.dataset("default").orElseThrow().splits()).extracting(DatasetSplits.Split::key)
                .containsExactly("train", "test");
        assertThat(index.dataset("digits").orElseThrow().splits()).extracting(DatasetSplits.Split::name)
                .containsExactly("train", "test");
        assertThat(index.dataset("mnist").orElseThrow().splits()).extracting(DatasetSplits.Split::key)
                .containsExactly("mnist_train_data", "mnist_test_ids");
        assertThat(index.dataset("cifar").orElseThrow().splits()).as("one set, but its _split suffix says so")
                .extracting(DatasetSplits.Split::key).containsExactly("cifar-train-split");
    }

    @Test
    void sortedSetsNamedLikeSplitsAreWeightedSplitsAndVersionIndexesStayVersions() {
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.zset("dataset:reviews:train", "3", "0", "8"),
                KeyEntry.set("dataset:reviews:test", 3),
                KeyEntry.zset("model:net:versions", "v1", "v2"),
                KeyEntry.hash("model:net:v1", "fc.weight"), KeyEntry.hash("model:net:v2", "fc.weight"),
                KeyEntry.zset("leaderboard", "a", "b")));

        assertThat(index.datasets()).hasSize(1);
        assertThat(index.dataset("reviews").orElseThrow().splits())
                .extracting(DatasetSplits.Split::name, DatasetSplits.Split::type, DatasetSplits.Split::size)
                .containsExactly(tuple("train", RedisType.ZSET, 3L), tuple("test", RedisType.SET, 3L));
        assertThat(index.models().get(0).versionIndexKey()).contains("model:net:versions");
        assertThat(LayoutRecognizer.claimsByName("dataset:reviews:train", RedisType.ZSET)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("train_dataset", RedisType.SET)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("leaderboard", RedisType.ZSET)).isFalse();
        assertThat(LayoutRecognizer.isVersionIndex("model:net:versions")).isTrue();
        assertThat(LayoutRecognizer.isVersionIndex("dataset:reviews:train")).isFalse();
    }

    @Test
    void theDemoListingIsReadAsTheDemoMeantIt() {
        // The layout dev.tensorlens.demo.DemoSeeder writes (names copied: mlstate may not depend on demo).
        MlStateIndex index = recognizer.recognize(List.of(
                KeyEntry.zset("model:digits-mlp:versions", "v1", "v2"),
                KeyEntry.hash("model:digits-mlp:metrics", "v1", "v2"),
                KeyEntry.string("model:digits-mlp:config"),
                KeyEntry.hash("model:digits-mlp:v1", "layer0.weight"), KeyEntry.hash("model:digits-mlp:v2", "layer0.weight"),
                KeyEntry.string("model:digits-mlp:v1:safetensors"), KeyEntry.string("model:digits-mlp:v2:safetensors")));

        assertThat(index.models()).extracting(ModelEntry::layout).containsExactly(
                ModelLayout.HASH_PER_CHECKPOINT, ModelLayout.BLOB_PER_CHECKPOINT);
        assertThat(index.models()).allSatisfy(m -> assertThat(m.versionNames()).containsExactly("v1", "v2"));
        assertThat(index.cachedArrays()).isEmpty();
    }
}
