package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.SharedBins;

import java.util.List;

/** The {@link HistogramPlot}'s readout in words: the bin under the mouse or the keys, else what the plot shows. */
final class HistogramText {

    private HistogramText() {
    }

    /** "[-0.125, -0.117): 1,204", or with two series "[…): before 1,204 · after 1,310". */
    static String describeBin(SharedBins b, int bin, List<String> labels) {
        double[] e = b.edges();
        StringBuilder text = new StringBuilder(PlotText.bin(e[bin], e[bin + 1], bin == b.binCount() - 1)).append(": ");
        List<Histogram> h = b.histograms();
        if (h.size() == 1) {
            return text.append(PlotText.count(h.get(0).counts()[bin])).toString();
        }
        for (int s = 0; s < h.size(); s++) {
            if (s > 0) {
                text.append(" · ");
            }
            String label = s < labels.size() && !labels.get(s).isEmpty() ? labels.get(s) : "series " + (s + 1);
            text.append(label).append(' ').append(PlotText.count(h.get(s).counts()[bin]));
        }
        return text.toString();
    }

    /** "64 bins of 0.00781 over [-0.250, 0.250]", and when zoomed how many values lie outside. */
    static String summary(SharedBins b, boolean zoomed) {
        double[] e = b.edges();
        String text = b.binCount() + (b.binCount() == 1 ? " bin" : " bins") + " of "
                + PlotText.value(e[1] - e[0]) + " over [" + PlotText.value(e[0]) + ", " + PlotText.value(e[e.length - 1]) + "]";
        if (zoomed) {
            long outside = 0;
            for (long o : b.outside()) {
                outside += o;
            }
            text += " · zoomed, " + PlotText.count(outside) + " outside";
        }
        return text;
    }
}
