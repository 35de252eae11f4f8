# Writes the values a Python user would put in Redis, and what numpy itself says about them.
# Run once with Debian's python3-numpy (1.24) and python3-torch (1.13), i.e. /usr/bin/python3; the outputs are committed, so
# tests never need Python:   /usr/bin/python3 make_fixtures.py
# safetensors files are written by hand from the format's spec (the safetensors package is not in Debian):
# u64 little-endian header length, JSON header padded with spaces to a multiple of 8, then the data.
import io, json, pickle, struct
import numpy as np
import torch

rng = np.random.default_rng(20261128)
expected = {}


def stats(values):
    a = np.asarray(values, dtype=np.float64).ravel()
    finite = a[np.isfinite(a)]
    return {
        "count": int(a.size),
        "nan": int(np.isnan(a).sum()),
        "posinf": int(np.isposinf(a).sum()),
        "neginf": int(np.isneginf(a).sum()),
        "zeros": int((a == 0).sum()),
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        "mean": float(finite.mean()) if finite.size else None,
        "std": float(finite.std()) if finite.size else None,
    }


def tensor(name, dtype, arr, values=None):
    return {"name": name, "dtype": dtype, "shape": list(arr.shape),
            "stats": stats(arr if values is None else values)}


def save(name, data):
    with open(name, "wb") as f:
        f.write(data)


def npy(arr):
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


# np.save of float32 weights with a few NaN, inf and exact zeros
w = rng.normal(0, 0.1, size=(64, 32)).astype(np.float32)
w[0, 0] = np.nan
w[1, 1] = np.inf
w[2, 2] = -np.inf
w[3, :4] = 0
save("weights_f32.npy", npy(w))
expected["weights_f32.npy"] = {"format": "npy", "tensors": [tensor("", "float32", w)]}

h = w.astype(np.float16)
save("weights_f16.npy", npy(h))
expected["weights_f16.npy"] = {"format": "npy", "tensors": [tensor("", "float16", h)]}

# big-endian float64 in Fortran order
f = np.asfortranarray(rng.normal(5, 2, size=(3, 4)).astype(">f8"))
save("fortran_be_f64.npy", npy(f))
expected["fortran_be_f64.npy"] = {"format": "npy", "tensors": [tensor("", "float64", f)]}

labels = rng.integers(0, 10, size=100).astype(np.uint8)
save("labels_u8.npy", npy(labels))
expected["labels_u8.npy"] = {"format": "npy", "tensors": [tensor("", "uint8", labels)]}

# safetensors with F32, F16 and BF16 tensors
st_tensors = {
    "layer0.weight": torch.tensor(rng.normal(0, 0.05, size=(16, 8)), dtype=torch.float32),
    "layer0.bias": torch.tensor(rng.normal(0, 0.01, size=(16,)), dtype=torch.float16),
    "layer1.weight": torch.tensor(rng.normal(0, 0.05, size=(4, 16)), dtype=torch.bfloat16),
}
names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
numpy_names = {torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16"}
header, blobs, offset = {}, [], 0
for name in sorted(st_tensors):
    t = st_tensors[name]
    raw = t.contiguous().view(torch.int16 if t.element_size() == 2 else torch.int32).numpy().tobytes()
    header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
header["__metadata__"] = {"format": "pt", "epoch": "3"}
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - len(text) % 8) % 8)
save("model.safetensors", struct.pack("<Q", len(text)) + text + b"".join(blobs))
expected["model.safetensors"] = {"format": "safetensors", "tensors": [
    tensor(name, numpy_names[st_tensors[name].dtype], st_tensors[name].float().numpy()) for name in sorted(st_tensors)]}

# ndarray.tobytes() with dtype and shape in sibling hash fields
raw = rng.normal(1, 3, size=(10, 20)).astype(np.float32)
save("raw_f32.bin", raw.tobytes())
expected["raw_f32.bin"] = {"format": "raw", "fields": {"dtype": "float32", "shape": "(10, 20)"},
                           "tensors": [tensor("", "float32", raw)]}

# json.dumps of a nested list, and of the common dict of lists
j = rng.normal(0, 1, size=(5, 3))
save("list.json", json.dumps(j.tolist()).encode())
expected["list.json"] = {"format": "json", "tensors": [tensor("", "float64", j)]}
jw = rng.normal(0, 1, size=(2, 3))
jb = rng.normal(0, 1, size=(3,))
save("params.json", json.dumps({"weights": jw.tolist(), "biases": jb.tolist()}).encode())
expected["params.json"] = {"format": "json", "tensors": [tensor("weights", "float64", jw), tensor("biases", "float64", jb)]}

# Recognised, never executed: a torch.save checkpoint, a pickle; and a truncated npy
buf = io.BytesIO()
torch.save({"layer0.weight": torch.zeros(2, 2)}, buf)
save("checkpoint.pt", buf.getvalue())
expected["checkpoint.pt"] = {"format": "torch", "opaque": True}
save("state.pkl", pickle.dumps({"weights": np.arange(4, dtype=np.float32), "step": 10}, protocol=4))
expected["state.pkl"] = {"format": "pickle", "opaque": True}
save("truncated.npy", npy(w)[:-100])
expected["truncated.npy"] = {"format": "npy", "malformed": True}

with open("expected.json", "w") as out:
    json.dump(expected, out, indent=1, sort_keys=True)
