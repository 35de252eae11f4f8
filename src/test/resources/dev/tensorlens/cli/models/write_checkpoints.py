"""Writes checkpoints the way Python users do (docs/STORAGE.md) into the Redis server on the given port, then prints
what numpy says each tensor is, as JSON: {"<key>|<field or ''>|<layer name>": {"dtype": ..., "shape": [...]}}, the layer
named as `tensorlens models` names it (the field, the tensor's name in a blob, `layer1.weights` in model_params).

Used by ModelsCommandPythonTest (skipped where python3 with redis and numpy is missing):
    python3 write_checkpoints.py PORT [DB]
"""
import io
import json
import struct
import sys

import numpy as np
import redis

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), db=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
rng = np.random.default_rng(7)
expected = {}


def npy(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def expect(key, field, name, a):
    name = name or field or key.rsplit(":", 1)[1]
    expected[f"{key}|{field}|{name}"] = {"dtype": a.dtype.name, "shape": list(a.shape)}


# 1. a hash per checkpoint, np.save per field, in the dtypes and orders numpy writes
state = {
    "embed.weight": rng.standard_normal((100, 16)).astype(np.float32),
    "layer0.weight": rng.standard_normal((32, 16)).astype(np.float16),
    "layer0.bias": np.zeros(32, dtype=np.float64),
    "layer1.weight": np.asfortranarray(rng.standard_normal((10, 32)).astype(np.float32)),
    "layer1.scale": rng.standard_normal((10,)).astype(">f4"),
    "steps": np.array(1200, dtype=np.int64),
    "mask": rng.integers(0, 2, size=(4, 4)).astype(bool),
    "counts": rng.integers(0, 9, size=(2, 3, 4)).astype(np.int32),
}
r.hset("model:py-mlp:v1", mapping={name: npy(a) for name, a in state.items()})
r.zadd("model:py-mlp:versions", {"v1": 1})
for name, a in state.items():
    expect("model:py-mlp:v1", name, "", a)


# 2. one safetensors blob per checkpoint, spelled out as docs/STORAGE.md does
class BFloat16:
    """A bfloat16 tensor as torch's .to(torch.bfloat16) makes it (float32 rounded to nearest even, the upper 16
    bits kept), for numpy has no bfloat16: its bits as uint16."""

    def __init__(self, a):
        u = a.astype(np.float32).view(np.uint32).astype(np.uint64)
        self.bits = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
        self.shape, self.nbytes = a.shape, self.bits.nbytes
        self.dtype = type("dtype", (), {"name": "bfloat16"})

    def tobytes(self):
        return self.bits.tobytes()


def safetensors_bytes(tensors, metadata):
    header, offset = {"__metadata__": metadata}, 0
    for name, a in tensors.items():
        header[name] = {"dtype": {"float32": "F32", "float16": "F16", "bfloat16": "BF16", "int64": "I64"}[a.dtype.name],
                        "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(a.tobytes() for a in tensors.values())


blob_state = {
    "encoder.weight": rng.standard_normal((48, 24)).astype(np.float32),
    "encoder.bias": rng.standard_normal((48,)).astype(np.float16),
    "position_ids": np.arange(12, dtype=np.int64).reshape(1, 12),
    "decoder.weight": BFloat16(rng.standard_normal((8, 24))),
}
r.set("model:py-mlp:v1:safetensors", safetensors_bytes(blob_state, {"epoch": "1"}))
for name, a in blob_state.items():
    expect("model:py-mlp:v1:safetensors", "", name, a)

# 3. one key per tensor
for name, a in state.items():
    if name in ("embed.weight", "layer0.bias"):
        r.set(f"model:py-keys:v2:{name}", npy(a))
        expect(f"model:py-keys:v2:{name}", "", "", a)

# 4. raw tobytes() with dtype and shape beside it
raw = rng.standard_normal((6, 5)).astype(np.float32)
r.hset("model:py-raw:v1", mapping={"w": raw.tobytes(), "w:dtype": raw.dtype.name, "w:shape": json.dumps(raw.shape)})
expect("model:py-raw:v1", "w", "", raw)

# 5. the classic model_params hash: json.dumps of a dict of lists per layer
layer1 = {"weights": rng.standard_normal((3, 4)).tolist(), "biases": rng.standard_normal(3).tolist()}
r.hset("model_params", "layer1", json.dumps(layer1))
expect("model_params", "layer1", "layer1.weights", np.array(layer1["weights"]))
expect("model_params", "layer1", "layer1.biases", np.array(layer1["biases"]))

print(json.dumps(expected))
