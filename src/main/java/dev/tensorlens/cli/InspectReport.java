package dev.tensorlens.cli;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.redis.TensorLoad;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code tensorlens inspect} found, ready to print: the format, the tensors (named after their field or key
 * where they carry no name of their own), a note and the decoder's complaint.
 *
 * @param field  the {@code --field} asked for, else null
 * @param format the decoder's format ({@code npy}, {@code unknown} when none matched), or the key's type when it
 *               holds no single value ({@code set})
 * @param note   a sentence about what is not a tensor — an opaque format, a value in no tensor format ("holds UTF-8
 *               text of 171 bytes"), a type that holds members, the fields of a hash that held none; may be null
 * @param error  why a value in a tensor format did not decode; null otherwise
 */
record InspectReport(String key, String field, String format, List<Tensor> tensors, String note, Malformed error) {

    InspectReport {
        tensors = List.copyOf(tensors);
    }

    static InspectReport of(String key, String field, TensorLoad load) {
        if (field == null && load.type().equals("hash")) {
            return ofHash(key, load.parts());
        }
        if (load.parts().isEmpty()) { // a set, a list: the loader says why there is nothing to decode
            return new InspectReport(key, field, load.type(), List.of(), load.note(), null);
        }
        return ofPart(key, field, load.parts().get(0));
    }

    private static InspectReport ofPart(String key, String field, TensorLoad.Part part) {
        DecodeResult result = part.result();
        if (result instanceof Decoded d) {
            String name = field != null ? field : key;
            return new InspectReport(key, field, d.format(),
                    d.tensors().stream().map(t -> HashFieldTensors.named(t, name)).toList(),
                    d.notes().isEmpty() ? null : String.join("; ", d.notes()), null);
        }
        if (result instanceof Opaque o) {
            return new InspectReport(key, field, o.format(), List.of(), describe(o), null);
        }
        Malformed m = (Malformed) result;
        if (part.content() != null) { // in no tensor format at all: what it is, rather than how it failed to be one
            String what = field != null ? key + " field " + field : key;
            return new InspectReport(key, field, m.format(), List.of(), part.content().notATensor(what), null);
        }
        return new InspectReport(key, field, m.format(), List.of(), null, m);
    }

    /**
     * Every tensor of a hash's fields; what each other field holds goes into the note. The format is the one every
     * field in a tensor format was in, else each of them ({@code hash of npy, raw}). The error is the first field's
     * that did not decode, and only when none did.
     */
    private static InspectReport ofHash(String key, List<TensorLoad.Part> parts) {
        List<Tensor> tensors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        Malformed firstError = null;
        for (TensorLoad.Part part : parts) {
            DecodeResult result = part.result();
            if (part.content() == null && !formats.contains(result.format())) {
                formats.add(result.format()); // a text field beside the tensors does not make the hash "npy, unknown"
            }
            if (result instanceof Decoded d) {
                d.tensors().forEach(t -> tensors.add(HashFieldTensors.named(t, part.field())));
            } else if (result instanceof Opaque o) {
                notes.add(part.field() + ": " + o.description());
            } else if (part.content() != null) {
                notes.add(part.field() + ": " + part.content().inWords() + ", not a tensor");
            } else if (result instanceof Malformed m) {
                firstError = firstError == null ? m : firstError;
                notes.add(part.field() + ": " + m.format() + " at byte " + m.offset() + ": " + m.reason());
            }
        }
        String format = formats.isEmpty() ? (parts.isEmpty() ? "hash" : "unknown")
                : formats.size() == 1 ? formats.get(0)
                : "hash of " + String.join(", ", formats);
        String note = !notes.isEmpty() ? String.join("; ", notes)
                : parts.isEmpty() ? "None of the fields of " + key + " holds a tensor." : null;
        return new InspectReport(key, null, format, tensors, note, tensors.isEmpty() ? firstError : null);
    }

    private static String describe(Opaque o) {
        return o.description() + (o.details().isEmpty() ? "" : " (" + String.join("; ", o.details()) + ")");
    }
}
