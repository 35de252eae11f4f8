package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DecodeResult;

import java.util.function.Supplier;

/**
 * The last line of defence of every decoder entry point: the decoders check every length before they use it, but
 * if one of them is still wrong, the user gets a Malformed result naming the bug rather than a crashed view.
 */
final class Guard {

    private Guard() {
    }

    static DecodeResult run(Format format, Supplier<DecodeResult> decoder) {
        return run(format.id(), decoder);
    }

    static DecodeResult run(String format, Supplier<DecodeResult> decoder) {
        try {
            DecodeResult r = decoder.get();
            return r != null ? r : new DecodeResult.Malformed(format, 0, "the decoder returned nothing (a bug)");
        } catch (RuntimeException | StackOverflowError e) {
            return new DecodeResult.Malformed(format, 0,
                    "unexpected decoder failure (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
