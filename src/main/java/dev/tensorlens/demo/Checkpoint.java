package dev.tensorlens.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The MLP's weights after one epoch, with the numbers a user would log next to them. */
record Checkpoint(int epoch, double trainLoss, double valAccuracy, double testAccuracy,
                  float[] layer0Weight, float[] layer0Bias, float[] layer1Weight, float[] layer1Bias) {

    /** A tensor of the checkpoint: its {@code state_dict} name, shape and values. */
    record Tensor(String name, long[] shape, float[] values) {
    }

    String version() {
        return "v" + epoch;
    }

    /** In {@code state_dict} order. */
    Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("layer0.weight", new Tensor("layer0.weight", new long[] {Mlp.HIDDEN, Mlp.INPUTS}, layer0Weight));
        t.put("layer0.bias", new Tensor("layer0.bias", new long[] {Mlp.HIDDEN}, layer0Bias));
        t.put("layer1.weight", new Tensor("layer1.weight", new long[] {Mlp.CLASSES, Mlp.HIDDEN}, layer1Weight));
        t.put("layer1.bias", new Tensor("layer1.bias", new long[] {Mlp.CLASSES}, layer1Bias));
        return t;
    }

    String metricsJson() {
        return String.format(Locale.ROOT,
                "{\"epoch\": %d, \"train_loss\": %.4f, \"val_accuracy\": %.4f, \"test_accuracy\": %.4f}",
                epoch, trainLoss, valAccuracy, testAccuracy);
    }
}
