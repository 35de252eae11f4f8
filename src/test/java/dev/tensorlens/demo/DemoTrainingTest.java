package dev.tensorlens.demo;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTrainingTest {

    @Test
    void theModelLearnsTheDigits() {
        long start = System.nanoTime();
        DemoTraining t = DemoTraining.run();
        System.out.printf("training: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        t.checkpoints.forEach(c -> System.out.println(c.metricsJson()));

        Checkpoint last = t.checkpoints.get(t.checkpoints.size() - 1);
        assertThat(last.testAccuracy()).as("far above the 10% of guessing").isGreaterThan(0.8);
        assertThat(last.trainLoss()).as("loss falls").isLessThan(t.checkpoints.get(0).trainLoss());
    }

    @Test
    void everyEpochIsADifferentCheckpoint() {
        DemoTraining t = DemoTraining.get();
        assertThat(t.checkpoints).hasSize(DemoTraining.EPOCHS);
        for (int i = 1; i < t.checkpoints.size(); i++) {
            assertThat(Arrays.equals(t.checkpoints.get(i).layer0Weight(), t.checkpoints.get(i - 1).layer0Weight()))
                    .as("epoch %d vs %d", i + 1, i).isFalse();
        }
    }

    @Test
    void theSameSeedDrawsTheSameImagesAndAllDigitsAppear() {
        DigitImages a = SyntheticDigits.generate(200, 7);
        DigitImages b = SyntheticDigits.generate(200, 7);
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(Arrays.stream(a.labels()).distinct().count()).isEqualTo(10);
        // An image has ink and background: a stroke covers some pixels, not all.
        long inked = 0;
        for (int p = 0; p < DigitImages.PIXELS; p++) {
            inked += (a.pixels()[p] & 0xFF) > 200 ? 1 : 0;
        }
        assertThat(inked).isBetween(20L, 400L);
        // Two images of the same digit are not copies (jitter).
        int first = -1;
        for (int i = 0; i < a.count(); i++) {
            if (a.labels()[i] == a.labels()[0] && i > 0) {
                first = i;
                break;
            }
        }
        assertThat(Arrays.equals(a.rawImages(0, 1), a.rawImages(first, first + 1))).isFalse();
    }
}
