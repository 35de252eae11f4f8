package dev.tensorlens.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preprocessed data people cache between pipeline steps, made from the demo's digits: per-image features,
 * coloured image batches laid out as Keras (NHWC uint8) and torchvision (NCHW, ImageNet-normalised float32) feed
 * them, and a small tokenised text set. Pure functions of the images, so every seed writes the same bytes; each
 * value is small (the largest, the CHW batch, is under 200 KB) so seeding stays quick.
 */
final class CachedData {

    /** Rows of the tutorial-style {@code preprocessed_data} hash. */
    static final int FEATURE_ROWS = 64;
    /** Columns of {@link #features}, in order; the JSON and the Fortran matrix use them, not their names. */
    static final List<String> FEATURE_NAMES = List.of("mean_intensity", "std_intensity", "ink_fraction", "ink_rows",
            "ink_cols", "centroid_row", "centroid_col", "lr_symmetry");
    /** The Fortran-ordered matrix keeps the first six columns: enough to show column-major rows read right. */
    static final int FORTRAN_COLUMNS = 6;
    /** Images in the RGB and CHW batches: a 4×4 grid. */
    static final int GRID_IMAGES = 16;
    /** The digits padded to 32×32, the CIFAR size most image models expect. */
    static final int SIDE = 32;
    static final int CHANNELS = 3;
    /** torchvision's {@code transforms.Normalize} constants everyone copies for ImageNet-pretrained models. */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Dark navy behind the coloured strokes, so a grid reads as RGB at a glance (black would look grey-scale). */
    static final int[] BACKGROUND = {18, 20, 38};

    static final List<String> LABEL_NAMES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");

    static final List<String> REVIEWS = List.of(
            "Great battery life and a bright screen.",
            "Stopped working after two days.",
            "Does what it says, nothing more.",
            "The sound is clear but the case feels cheap.",
            "Absolutely love it!",
            "Arrived late and the box was damaged.",
            "Easy to set up, even for my parents.",
            "Not worth the price.",
            "Fast shipping, works great.",
            "The manual is useless, but support was helpful.",
            "I returned it; the screen flickers.",
            "Five stars, would buy again!");
    /** The indexes of the complaints among {@link #REVIEWS}: the rarer class, which a sampler weights up. */
    private static final Set<Integer> NEGATIVE_REVIEWS = Set.of(1, 5, 7, 10);

    static boolean isNegative(int review) {
        return NEGATIVE_REVIEWS.contains(review);
    }

    /** Reserved ids first, as most tokenisers have them: padding for batching ragged rows, unknown words. */
    static final List<String> SPECIAL_TOKENS = List.of("<pad>", "<unk>");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+|[^\\sa-z0-9]");

    private CachedData() {
    }

    /** Image {@code i}'s {@link #FEATURE_NAMES}, from its pixels scaled to [0, 1]; ink is a pixel above 0.5. */
    static double[] features(DigitImages images, int i) {
        int side = DigitImages.SIDE;
        double[] v = new double[DigitImages.PIXELS];
        double sum = 0;
        for (int p = 0; p < v.length; p++) {
            v[p] = (images.pixels()[i * DigitImages.PIXELS + p] & 0xFF) / 255.0;
            sum += v[p];
        }
        double mean = sum / v.length;
        double squares = 0;
        double rowMoment = 0;
        double colMoment = 0;
        double mirrorDifference = 0;
        int ink = 0;
        boolean[] inkRow = new boolean[side];
        boolean[] inkCol = new boolean[side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                double x = v[r * side + c];
                squares += (x - mean) * (x - mean);
                rowMoment += x * r;
                colMoment += x * c;
                mirrorDifference += Math.abs(x - v[r * side + side - 1 - c]);
                if (x > 0.5) {
                    ink++;
                    inkRow[r] = true;
                    inkCol[c] = true;
                }
            }
        }
        // an empty image (none in the demo) would have no centroid: put it in the middle
        double centroidRow = sum == 0 ? 0.5 : rowMoment / sum / (side - 1);
        double centroidCol = sum == 0 ? 0.5 : colMoment / sum / (side - 1);
        return new double[] {mean, Math.sqrt(squares / v.length), (double) ink / v.length, count(inkRow),
                count(inkCol), centroidRow, centroidCol, 1 - mirrorDifference / v.length};
    }

    /**
     * {@code json.dumps(np.round(X, 4).tolist())} of the first {@code rows} images' features: rounding to 4 places
     * makes Python's shortest repr the plain decimal, so the text is what Python writes.
     */
    static String featuresJson(DigitImages images, int rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "[" : ", [");
            double[] f = features(images, i);
            for (int c = 0; c < f.length; c++) {
                b.append(c == 0 ? "" : ", ").append(pythonFloat4(f[c]));
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    /** {@code json.dumps(y.tolist())} of the first {@code rows} labels. */
    static String labelsJson(DigitImages images, int rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ", ").append(images.labels()[i]);
        }
        return b.append(']').toString();
    }

    /**
     * Python's {@code repr} of {@code round(x, 4)}: at most four decimals, trailing zeros dropped but one kept
     * ({@code 19.0}). Valid for the features, which are never negative (Python keeps the sign of {@code -0.0}),
     * and below 1e16, where repr would switch to exponents.
     */
    static String pythonFloat4(double x) {
        BigDecimal d = BigDecimal.valueOf(Math.round(x * 10_000), 4).stripTrailingZeros();
        String s = d.signum() == 0 ? "0" : d.toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** Features of the first {@code rows} images, first {@link #FORTRAN_COLUMNS} columns, column after column. */
    static double[] featuresColumnMajor(DigitImages images, int rows) {
        double[] out = new double[rows * FORTRAN_COLUMNS];
        for (int r = 0; r < rows; r++) {
            double[] f = features(images, r);
            for (int c = 0; c < FORTRAN_COLUMNS; c++) {
                out[c * rows + r] = f[c];
            }
        }
        return out;
    }

    /**
     * The first {@link #GRID_IMAGES} digits, NHWC uint8 (N, 32, 32, 3): each padded by 2 pixels and drawn in its
     * own hue over {@link #BACKGROUND}, the ink blended by its grey level (0 is pure background, 255 pure hue).
     */
    static byte[] rgbImages(DigitImages images) {
        int pad = (SIDE - DigitImages.SIDE) / 2;
        byte[] out = new byte[GRID_IMAGES * SIDE * SIDE * CHANNELS];
        for (int i = 0; i < GRID_IMAGES; i++) {
            int[] hue = hue(i);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int sy = y - pad;
                    int sx = x - pad;
                    boolean inside = sy >= 0 && sy < DigitImages.SIDE && sx >= 0 && sx < DigitImages.SIDE;
                    double a = inside ? (images.pixels()[i * DigitImages.PIXELS + sy * DigitImages.SIDE + sx] & 0xFF) / 255.0 : 0;
                    int at = ((i * SIDE + y) * SIDE + x) * CHANNELS;
                    for (int c = 0; c < CHANNELS; c++) {
                        out[at + c] = (byte) Math.round(BACKGROUND[c] * (1 - a) + hue[c] * a);
                    }
                }
            }
        }
        return out;
    }

    /** Sample {@code i}'s stroke colour: hues evenly round the wheel, saturated but not garish. */
    static int[] hue(int i) {
        double h = 6.0 * i / GRID_IMAGES;
        int sector = (int) h;
        double f = h - sector;
        double v = 255;
        double p = v * (1 - 0.8);
        double q = v * (1 - 0.8 * f);
        double t = v * (1 - 0.8 * (1 - f));
        double[] rgb = switch (sector) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
        return new int[] {(int) Math.round(rgb[0]), (int) Math.round(rgb[1]), (int) Math.round(rgb[2])};
    }

    /**
     * {@code transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD)(ToTensor()(img))} of each NHWC image: NCHW float32,
     * {@code (pixel / 255 - mean[c]) / std[c]} in float32 arithmetic as torch does it.
     */
    static float[] imagenetNormalizedChw(byte[] nhwc) {
        int plane = SIDE * SIDE;
        float[] out = new float[GRID_IMAGES * CHANNELS * plane];
        for (int i = 0; i < GRID_IMAGES; i++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < CHANNELS; c++) {
                    float pixel = (nhwc[(i * plane + p) * CHANNELS + c] & 0xFF) / 255f;
                    out[(i * CHANNELS + c) * plane + p] = (pixel - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
                }
            }
        }
        return out;
    }

    /** The first {@code count} labels as int64, what {@code torch.tensor(targets)} gives. */
    static long[] labels(DigitImages images, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = images.labels()[i];
        }
        return out;
    }

    /** Lower-cased words and single punctuation marks, as a simple regex tokeniser splits them. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@link #SPECIAL_TOKENS}, then every token of {@link #REVIEWS} in order of first appearance. */
    static List<String> vocabulary() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        SPECIAL_TOKENS.forEach(t -> ids.put(t, ids.size()));
        for (String review : REVIEWS) {
            tokens(review).forEach(t -> ids.putIfAbsent(t, ids.size()));
        }
        return List.copyOf(ids.keySet());
    }

    /** {@code json.dumps(ids)} of each review's token ids into {@code vocabulary}: ragged, one list per review. */
    static List<String> tokenIdsJson(List<String> vocabulary) {
        List<String> out = new ArrayList<>();
        for (String review : REVIEWS) {
            StringBuilder b = new StringBuilder("[");
            for (String t : tokens(review)) {
                int id = vocabulary.indexOf(t);
                b.append(b.length() == 1 ? "" : ", ").append(id < 0 ? SPECIAL_TOKENS.indexOf("<unk>") : id);
            }
            out.add(b.append(']').toString());
        }
        return out;
    }

    /** {@code json.dumps(strings)}: ", " between items, non-ASCII escaped as Python's default ensure_ascii does. */
    static String jsonStrings(List<String> strings) {
        StringBuilder b = new StringBuilder("[");
        for (String s : strings) {
            b.append(b.length() == 1 ? "\"" : ", \"");
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> b.append(ch < 0x20 || ch > 0x7e ? String.format(Locale.ROOT, "\\u%04x", (int) ch) : ch);
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    private static double count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
