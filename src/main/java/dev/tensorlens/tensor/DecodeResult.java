package dev.tensorlens.tensor;

import java.util.List;
import java.util.Map;

/**
 * What a decoder made of some bytes. Never an exception: a value that does not decode is a normal result
 * that says which format was tried, where in the bytes it went wrong, and why.
 */
public sealed interface DecodeResult {

    /** The format that was tried or found: {@code npy}, {@code safetensors}, {@code pickle}, … */
    String format();

    /** One or more tensors, viewing the input bytes. {@code metadata}: e.g. safetensors' {@code __metadata__}. */
    record Decoded(String format, List<Tensor> tensors, Map<String, String> metadata, List<String> notes)
            implements DecodeResult {
        public Decoded {
            tensors = List.copyOf(tensors);
            metadata = Map.copyOf(metadata);
            notes = List.copyOf(notes);
        }

        public static Decoded of(String format, Tensor... tensors) {
            return new Decoded(format, List.of(tensors), Map.of(), List.of());
        }
    }

    /**
     * Recognised but deliberately not decoded (pickles, torch files, Java serialization, …): never executed.
     * {@code details} are facts read from the bytes, such as the pickle protocol and the classes it names.
     */
    record Opaque(String format, String description, List<String> details) implements DecodeResult {
        public Opaque {
            details = List.copyOf(details);
        }
    }

    /** Not a valid value of {@code format}: the first problem found, at byte {@code offset} of the input. */
    record Malformed(String format, long offset, String reason) implements DecodeResult {
    }
}
