package dev.tensorlens.ui.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The image grid hands its pixels to the renderer premultiplied: what an RGBA image's see-through pixels become. */
class ImageGridViewTest {

    @Test
    void opaquePixelsStayAsTheyAreAndTransparentOnesBecomeNothing() {
        assertThat(ImageGridView.premultiplied(0xFF336699)).isEqualTo(0xFF336699);
        assertThat(ImageGridView.premultiplied(0x00FFFFFF)).isZero();
    }

    @Test
    void halfTransparentColoursAreScaledByTheirAlphaRounded() {
        // 255 · 128 / 255 = 128; 51 · 128 / 255 = 25.6 → 26 (rounded as JavaFX's own conversion rounds); 1 · 128 → 1
        assertThat(ImageGridView.premultiplied(0x80FF3301)).isEqualTo(0x80801A01);
    }
}
