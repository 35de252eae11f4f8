package dev.tensorlens.ui.plots;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CellFitTest {

    @Test
    void moreValuesThanPixelsArePooledToOneCellPerPixelAndFillTheArea() {
        CellFit fit = CellFit.of(4096, 4096, 800, 600);
        assertThat(fit).isEqualTo(new CellFit(600, 800, 1, 1));
        assertThat(fit.pixelWidth()).isEqualTo(800);
        assertThat(fit.pixelHeight()).isEqualTo(600);
    }

    @Test
    void aSmallMatrixGetsSquareCellsOfWholePixels() {
        CellFit fit = CellFit.of(3, 3, 800, 600);
        assertThat(fit).isEqualTo(new CellFit(3, 3, 200, 200));
        assertThat(CellFit.of(7, 5, 400, 300)).isEqualTo(new CellFit(7, 5, 42, 42)); // 300/7 = 42, 400/5 = 80
    }

    @Test
    void aVectorIsAStripNoThickerThanTheLimit() {
        assertThat(CellFit.of(1, 4096, 800, 600)).isEqualTo(new CellFit(1, 800, CellFit.STRIP, 1));
        assertThat(CellFit.of(1, 10, 800, 600)).isEqualTo(new CellFit(1, 10, 80, 80)); // few values: square cells
        assertThat(CellFit.of(4096, 2, 800, 600)).isEqualTo(new CellFit(600, 2, 1, CellFit.STRIP));
    }

    @Test
    void aPooledAxisAndAnUnpooledOneEachTakeWholePixels() {
        CellFit fit = CellFit.of(64, 4096, 800, 600);
        assertThat(fit).isEqualTo(new CellFit(64, 800, 9, 1));
        assertThat(fit.pixelHeight()).isEqualTo(576);
    }

    @Test
    void nothingToShowOrNoRoomIsNoCells() {
        assertThat(CellFit.of(0, 5, 800, 600)).isEqualTo(CellFit.NONE);
        assertThat(CellFit.of(5, 5, 0, 600)).isEqualTo(CellFit.NONE);
    }
}
