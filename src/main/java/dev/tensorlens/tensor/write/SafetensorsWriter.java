package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a safetensors file (huggingface/safetensors format): a u64 little-endian header length, a compact JSON
 * header with {@code __metadata__} first and the tensors in the order they were added, padded with spaces to a
 * multiple of 8, then the tensors' little-endian bytes back to back (offsets relative to the data buffer,
 * contiguous, no holes) — what the reference reader checks.
 *
 * <pre>{@code
 * byte[] file = new SafetensorsWriter()
 *         .metadata("epoch", "3")
 *         .addFloat32("layer0.weight", new long[] {64, 784}, weights)
 *         .toBytes();
 * }</pre>
 */
public final class SafetensorsWriter {

    private record Entry(String name, DType dtype, long[] shape, byte[] data) {
    }

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Entry> tensors = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** A string-to-string entry in {@code __metadata__} (the format allows nothing else there). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter addFloat32(String name, long[] shape, float[] data) {
        return add(name, DType.FLOAT32, shape, RawBytes.float32(data));
    }

    /** float32 values rounded to float16, as {@code tensor.half()} stores them. */
    public SafetensorsWriter addFloat16(String name, long[] shape, float[] data) {
        return add(name, DType.FLOAT16, shape, RawBytes.float16(data));
    }

    public SafetensorsWriter addInt32(String name, long[] shape, int[] data) {
        return add(name, DType.INT32, shape, RawBytes.int32(data));
    }

    /**
     * A tensor whose data is already little-endian and in C order.
     *
     * @throws IllegalArgumentException on a duplicate name, {@code __metadata__} as a name, a dtype safetensors
     *                                  cannot name, or data of the wrong size
     */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, byte[] littleEndianData) {
        if ("__metadata__".equals(name) || !names.add(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is taken");
        }
        if (dtype.safetensorsName() == null) {
            names.remove(name);
            throw new IllegalArgumentException("safetensors has no dtype for " + dtype);
        }
        Shapes.checkData(dtype, shape, littleEndianData);
        tensors.add(new Entry(name, dtype, shape.clone(), littleEndianData));
        return this;
    }

    public byte[] toBytes() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(Json.quote("__metadata__")).append(":{");
            String separator = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(separator).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Entry t : tensors) {
            json.append(json.length() > 1 ? "," : "").append(Json.quote(t.name)).append(":{\"dtype\":\"")
                    .append(t.dtype.safetensorsName()).append("\",\"shape\":[");
            for (int i = 0; i < t.shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(t.shape[i]);
            }
            long end = offset + t.data.length;
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (8 - header.length % 8) % 8;
        long headerLength = header.length + padding;

        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + headerLength + offset));
        for (int i = 0; i < 8; i++) {
            out.write((int) (headerLength >>> (8 * i)));
        }
        out.writeBytes(header);
        out.writeBytes(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        for (Entry t : tensors) {
            out.writeBytes(t.data);
        }
        return out.toByteArray();
    }
}
