package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.image.ImageNormalisation.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Values to intensities as torchvision's {@code save_image} computes them: {@code (uint8) clamp(x · 255 + 0.5, 0,
 * 255)}, after {@code make_grid(normalize=True)}'s min–max for AUTO.
 */
class ImageNormalisationTest {

    @Test
    void unitValuesRoundHalfUpLikeSaveImage() {
        Intensities unit = new Intensities(ImageNormalisation.of(Mode.UNIT), 1, null, 255);
        assertThat(unit.level(0.5f, 0)).isEqualTo(128); // 127.5 + 0.5, truncated
        assertThat(unit.level(0f, 0)).isEqualTo(0);
        assertThat(unit.level(1f, 0)).isEqualTo(255);
        assertThat(unit.level(0.498f, 0)).isEqualTo(127); // 126.99 + 0.5
        assertThat(unit.level(100 / 255f, 0)).isEqualTo(100);
        assertThat(unit.level(1.7f, 0)).isEqualTo(255); // clamped, never wrapped
        assertThat(unit.level(-0.3f, 0)).isEqualTo(0);
        assertThat(unit.level(Float.POSITIVE_INFINITY, 0)).isEqualTo(255);
        assertThat(unit.level(Float.NEGATIVE_INFINITY, 0)).isEqualTo(0);
        assertThat(unit.level(Float.NaN, 0)).isEqualTo(Intensities.NAN);
    }

    @Test
    void byteValuesAreThemselvesClamped() {
        Intensities bytes = new Intensities(ImageNormalisation.of(Mode.BYTE), 3, null, 255);
        for (int v = 0; v < 256; v++) {
            assertThat(bytes.level(v, 1)).isEqualTo(v);
        }
        assertThat(bytes.level(127.5f, 0)).isEqualTo(128);
        assertThat(bytes.level(300f, 0)).isEqualTo(255);
        assertThat(bytes.level(-1f, 2)).isEqualTo(0);
    }

    @Test
    void autoStretchesTheGivenRange() {
        Intensities auto = new Intensities(ImageNormalisation.of(Mode.AUTO), 1, ValueRange.span(-2, 2), 255);
        assertThat(auto.level(-2f, 0)).isEqualTo(0);
        assertThat(auto.level(2f, 0)).isEqualTo(255);
        assertThat(auto.level(0f, 0)).isEqualTo(128); // (0 + 2) / 4 = 0.5
        assertThat(auto.level(5f, 0)).isEqualTo(255); // a value outside the range (a page's) is clamped to it
        // a flat image: hi - lo is floored at 1e-5, so it comes out black, as make_grid draws it
        Intensities flat = new Intensities(ImageNormalisation.of(Mode.AUTO), 1, ValueRange.span(3, 3), 255);
        assertThat(flat.level(3f, 0)).isEqualTo(0);
        Intensities none = new Intensities(ImageNormalisation.of(Mode.AUTO), 1, null, 255);
        assertThat(none.level(Float.POSITIVE_INFINITY, 0)).isEqualTo(0);
        // a colour map's index runs to 256 instead of 255
        Intensities index = new Intensities(ImageNormalisation.of(Mode.AUTO), 1, ValueRange.span(-2, 2), 256);
        assertThat(index.level(2f, 0)).isEqualTo(ColorMap.SIZE - 1);
        assertThat(index.level(0f, 0)).isEqualTo(ColorMap.MIDDLE);
    }

    @Test
    void imagenetUndoGivesTheOriginalValuesBack() {
        ImageNormalisation n = ImageNormalisation.imagenet();
        assertThat(n.mode()).isEqualTo(Mode.UNIT);
        assertThat(n.undoesMeanStd()).isTrue();
        assertThat(n.appliesTo(3)).isTrue();
        assertThat(n.appliesTo(1)).isFalse();
        double[] original = {0.2, 0.5, 0.9};
        for (int c = 0; c < 3; c++) {
            double normalised = (original[c] - ImageNormalisation.IMAGENET_MEAN[c]) / ImageNormalisation.IMAGENET_STD[c];
            assertThat(n.undo(normalised, c)).isCloseTo(original[c], within(1e-12));
        }
        // with AUTO, the raw range is taken through each channel's undo: raw [-1, 1] covers [0.406 - 0.225,
        // 0.485 + 0.229], the union over the channels
        Intensities auto = new Intensities(n.withMode(Mode.AUTO), 3, ValueRange.span(-1, 1), 255);
        assertThat(auto.level(-1f, 2)).isEqualTo(0); // 0.181, the lowest undone value
        assertThat(auto.level(1f, 0)).isEqualTo(255); // 0.714, the highest
        assertThat(auto.level(-1f, 0)).isEqualTo(36); // 0.256: (0.256 - 0.181) / 0.533 · 255 + 0.5 = 36.4
    }

    @Test
    void oneValueUndoesEveryChannel() {
        ImageNormalisation half = ImageNormalisation.of(Mode.UNIT).withMeanStd(new double[] {0.5}, new double[] {0.5});
        assertThat(half.undo(-1, 0)).isEqualTo(0);
        assertThat(half.undo(1, 3)).isEqualTo(1);
        assertThat(half.appliesTo(1)).isTrue();
        assertThat(half.appliesTo(4)).isTrue();
        ImageNormalisation meanOnly = ImageNormalisation.of(Mode.BYTE).withMeanStd(new double[] {100}, null);
        assertThat(meanOnly.undo(-100, 2)).isEqualTo(0); // no std: 1
    }

    @Test
    void noMeanStdIsNullOrEmpty() {
        ImageNormalisation plain = ImageNormalisation.of(Mode.BYTE);
        assertThat(plain.undoesMeanStd()).isFalse();
        assertThat(plain.mean()).isEmpty();
        assertThat(plain.undo(7, 2)).isEqualTo(7);
        assertThat(ImageNormalisation.imagenet().withMeanStd(null, new double[0]))
                .isEqualTo(ImageNormalisation.of(Mode.UNIT));
        assertThat(ImageNormalisation.of(Mode.UNIT).withMeanStd(ImageNormalisation.IMAGENET_MEAN,
                ImageNormalisation.IMAGENET_STD)).isEqualTo(ImageNormalisation.imagenet()); // by value, not identity
    }

    @Test
    void theCallersArraysAreCopied() {
        double[] mean = {0.1, 0.2, 0.3};
        ImageNormalisation n = ImageNormalisation.of(Mode.UNIT).withMeanStd(mean, new double[] {1});
        mean[0] = 9;
        n.mean()[1] = 9;
        assertThat(n.mean()).containsExactly(0.1, 0.2, 0.3);
    }

    @Test
    void impossibleMeanStdIsRefusedWithASentence() {
        ImageNormalisation unit = ImageNormalisation.of(Mode.UNIT);
        assertThatThrownBy(() -> unit.withMeanStd(new double[] {0.5}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other than 0");
        assertThatThrownBy(() -> unit.withMeanStd(new double[] {0.1, 0.2, 0.3}, new double[] {1, 1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one per channel");
        assertThatThrownBy(() -> unit.withMeanStd(new double[] {Double.NaN}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        // lengths are checked against the image's channels when it is drawn
        assertThatThrownBy(() -> new Intensities(ImageNormalisation.imagenet(), 1, null, 255))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channels");
    }

    @Test
    void theSuggestionFollowsTheValues() {
        assertThat(ImageNormalisation.suggested(DType.UINT8, ValueRange.span(0, 255)).mode()).isEqualTo(Mode.BYTE);
        assertThat(ImageNormalisation.suggested(DType.UINT8, null).mode()).isEqualTo(Mode.BYTE);
        assertThat(ImageNormalisation.suggested(DType.FLOAT32, ValueRange.span(0, 1)).mode()).isEqualTo(Mode.UNIT);
        assertThat(ImageNormalisation.suggested(DType.UINT8, ValueRange.span(0, 1)).mode()).isEqualTo(Mode.UNIT);
        assertThat(ImageNormalisation.suggested(DType.BOOL, null).mode()).isEqualTo(Mode.UNIT);
        assertThat(ImageNormalisation.suggested(DType.FLOAT32, ValueRange.span(-2.1, 2.6)).mode()).isEqualTo(Mode.AUTO);
        assertThat(ImageNormalisation.suggested(DType.INT32, ValueRange.span(0, 1000)).mode()).isEqualTo(Mode.AUTO);
        assertThat(ImageNormalisation.suggested(DType.FLOAT32, null).mode()).isEqualTo(Mode.AUTO);
    }
}
