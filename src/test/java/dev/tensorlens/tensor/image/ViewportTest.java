package dev.tensorlens.tensor.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ViewportTest {

    @Test
    void zoomStepsMultiplyBelowOnePixelPerCellThenGoInWholePixels() {
        assertThat(Viewport.nextScale(0.2, 1.25)).isEqualTo(0.25, within(1e-12));
        assertThat(Viewport.nextScale(0.9, 1.25)).isEqualTo(1);
        assertThat(Viewport.nextScale(1, 1.25)).isEqualTo(2); // at least one pixel more
        assertThat(Viewport.nextScale(8, 1.25)).isEqualTo(10);
        assertThat(Viewport.nextScale(10, 0.8)).isEqualTo(8);
        assertThat(Viewport.nextScale(2, 0.8)).isEqualTo(1);
        assertThat(Viewport.nextScale(1, 0.8)).isEqualTo(0.8, within(1e-12));
    }

    @Test
    void zoomingKeepsThePointUnderThePointerAndStaysInsideTheGrid() {
        // 4096² in 1000 × 800 pixels, 20 pixels per cell around cell (1000.5, 2000.5) at pixel (400, 500)
        Viewport v = Viewport.zoomedAt(20, 1000.5, 2000.5, 400, 500, 1000, 800, 4096, 4096);
        assertThat(v.rows()).isEqualTo(40);
        assertThat(v.cols()).isEqualTo(50);
        // the cell under the pointer stays: row 1000 at pixel rows 400–419, column 2000 at 500–519
        assertThat(v.row()).isEqualTo(1000 - 20);
        assertThat(v.col()).isEqualTo(2000 - 25);
        Viewport moved = v.anchoredAt(1000.9, 2000.1, 410, 519, 20, 20, 4096, 4096);
        assertThat(moved.row() + 410 / 20).isEqualTo(1000);
        assertThat(moved.col() + 519 / 20).isEqualTo(2000);
        // near the corner it stops at the edge
        Viewport corner = Viewport.zoomedAt(20, 2, 4090, 400, 100, 1000, 800, 4096, 4096);
        assertThat(corner.row()).isZero();
        assertThat(corner.colEnd()).isEqualTo(4096);
        // zoomed far out: the whole grid
        Viewport all = Viewport.zoomedAt(0.01, 2000, 2000, 400, 500, 1000, 800, 4096, 4096);
        assertThat(all).isEqualTo(Viewport.all(4096, 4096));
        assertThat(all.coversAll(4096, 4096)).isTrue();
        // below one pixel per cell the window is what the pixels pool
        Viewport pooled = Viewport.zoomedAt(0.5, 2048, 2048, 400, 500, 1000, 800, 4096, 4096);
        assertThat(pooled.rows()).isEqualTo(1600);
        assertThat(pooled.cols()).isEqualTo(2000);
    }

    @Test
    void panningStopsAtTheEdgesAndClampingKeepsTheWindowInside() {
        Viewport v = new Viewport(10, 10, 20, 30);
        assertThat(v.panned(-50, 5, 100, 100)).isEqualTo(new Viewport(0, 15, 20, 30));
        assertThat(v.panned(500, 500, 100, 100)).isEqualTo(new Viewport(80, 70, 20, 30));
        assertThat(new Viewport(90, 0, 20, 200).clampedTo(100, 50)).isEqualTo(new Viewport(80, 0, 20, 50));
        assertThat(v.contains(29, 39)).isTrue();
        assertThat(v.contains(30, 39)).isFalse();
        assertThat(v.pixelsPerCell(600, 400)).isEqualTo(20);
        assertThatThrownBy(() -> new Viewport(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
