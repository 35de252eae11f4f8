package dev.tensorlens.tensor.image;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.tensorlens.tensor.image.ImageLayout.CHW;
import static dev.tensorlens.tensor.image.ImageLayout.HW;
import static dev.tensorlens.tensor.image.ImageLayout.HWC;
import static dev.tensorlens.tensor.image.ImageLayout.NCHW;
import static dev.tensorlens.tensor.image.ImageLayout.NHW;
import static dev.tensorlens.tensor.image.ImageLayout.NHWC;
import static org.assertj.core.api.Assertions.assertThat;

/** The shapes preprocessing pipelines cache, read the way their authors meant, with the other readings offered. */
class ImageLayoutTest {

    @Test
    void aStackOfGreyImagesIsABatch() {
        long[] mnist = {32, 28, 28};
        assertThat(ImageLayout.detect(mnist)).contains(NHW);
        assertThat(ImageLayout.candidates(mnist)).containsExactly(NHW); // neither 32 nor 28 is a channel count
        assertThat(NHW.samples(mnist)).isEqualTo(32);
        assertThat(NHW.height(mnist)).isEqualTo(28);
        assertThat(NHW.width(mnist)).isEqualTo(28);
        assertThat(NHW.channels(mnist)).isEqualTo(1);
        assertThat(NHW.sampleElements(mnist)).isEqualTo(784);
    }

    @Test
    void aTrailingThreeIsChannelsLast() {
        long[] shape = {28, 28, 3};
        assertThat(ImageLayout.detect(shape)).contains(HWC);
        // 28 images of 28×3 are too narrow to be pictures, and 28 is no channel count
        assertThat(ImageLayout.candidates(shape)).containsExactly(HWC);
        assertThat(HWC.channels(shape)).isEqualTo(3);
        assertThat(HWC.samples(shape)).isEqualTo(1);
        assertThat(HWC.channelsLast()).isTrue();
        assertThat(HWC.elementOf(shape, 2, 5, 1)).isEqualTo((2 * 28 + 5) * 3 + 1);
    }

    @Test
    void aLeadingThreeIsChannelsFirstOrThreeGreyImages() {
        long[] shape = {3, 224, 224};
        assertThat(ImageLayout.detect(shape)).contains(CHW);
        assertThat(ImageLayout.candidates(shape)).containsExactly(CHW, NHW);
        assertThat(CHW.channelsFirst()).isTrue();
        assertThat(CHW.elementOf(shape, 2, 5, 1)).isEqualTo((224 + 2) * 224 + 5);
        assertThat(NHW.samples(shape)).isEqualTo(3);
    }

    @Test
    void aLeadingFourIsFourGreyImagesBeforeOneRgbaImage() {
        long[] shape = {4, 28, 28};
        assertThat(ImageLayout.detect(shape)).contains(NHW);
        assertThat(ImageLayout.candidates(shape)).containsExactly(NHW, CHW);
    }

    @Test
    void batchesOfColourImagesEitherWay() {
        long[] nchw = {16, 3, 32, 32};
        assertThat(ImageLayout.detect(nchw)).contains(NCHW);
        assertThat(ImageLayout.candidates(nchw)).containsExactly(NCHW);
        assertThat(NCHW.samples(nchw)).isEqualTo(16);
        assertThat(NCHW.channels(nchw)).isEqualTo(3);
        assertThat(NCHW.sampleElements(nchw)).isEqualTo(3 * 32 * 32);
        assertThat(NCHW.channelAxis()).isEqualTo(1);

        long[] nhwc = {16, 32, 32, 3};
        assertThat(ImageLayout.detect(nhwc)).contains(NHWC);
        assertThat(ImageLayout.candidates(nhwc)).containsExactly(NHWC);
        assertThat(NHWC.channelAxis()).isEqualTo(3);
        assertThat(NHWC.heightAxis()).isEqualTo(1);
        assertThat(NHWC.widthAxis()).isEqualTo(2);
    }

    @Test
    void aThinMatrixIsATableNotAPicture() {
        long[] shape = {3, 1000};
        assertThat(ImageLayout.detect(shape)).isEqualTo(Optional.empty());
        assertThat(ImageLayout.candidates(shape)).isEmpty();
        assertThat(ImageLayout.detect(new long[] {64, 64})).contains(HW);
        assertThat(HW.channelAxis()).isEqualTo(-1);
    }

    @Test
    void otherRanksAreNoImages() {
        assertThat(ImageLayout.candidates(new long[] {2, 16, 3, 32, 32})).isEmpty();
        assertThat(ImageLayout.candidates(new long[] {784})).isEmpty();
        assertThat(ImageLayout.candidates(new long[] {})).isEmpty();
        assertThat(ImageLayout.candidates(new long[] {0, 28, 28})).isEqualTo(List.of()); // no samples
    }
}
