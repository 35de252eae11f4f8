package dev.tensorlens.tensor.codec;

import java.util.List;
import java.util.Map;

/**
 * What the first bytes of a value tell of the tensors in it, its data unread: enough to list a checkpoint's layers
 * from the headers of its values ({@link NpyCodec#readHeader}, {@link SafetensorsCodec#readHeader}). Every length
 * read from the header is checked against the value's length and the format's own limit before a caller is asked to
 * read more, so {@link NeedsBytes} never asks for more than the value holds.
 */
public sealed interface HeaderRead {

    /** {@code npy} or {@code safetensors}: the format whose header was read. */
    String format();

    /**
     * The header, read and checked against the value's length: the tensors the value holds in the order their data
     * is stored, with where each one's bytes are.
     *
     * @param dataStart where the data buffer starts in the value (the header's end)
     * @param metadata  safetensors' {@code __metadata__}; empty for npy
     * @param notes     what a reader should know (a dtype that is a guess, bytes after the data)
     */
    record Parsed(String format, long dataStart, List<TensorHeader> tensors, Map<String, String> metadata,
                  List<String> notes) implements HeaderRead {
        public Parsed {
            tensors = List.copyOf(tensors);
            metadata = Map.copyOf(metadata);
            notes = List.copyOf(notes);
        }
    }

    /**
     * The header runs past the bytes given: the first {@code bytes} bytes of the value hold it. Checked against the
     * value's length and the format's header limit already; read that many and ask again.
     */
    record NeedsBytes(String format, long bytes) implements HeaderRead {
    }

    /** Not a valid header: the first problem found, at byte {@code offset} of the value. */
    record Invalid(String format, long offset, String reason) implements HeaderRead {
    }
}
