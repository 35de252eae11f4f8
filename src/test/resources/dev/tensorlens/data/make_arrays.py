# Regenerate (writes next to this script, from any folder):  /usr/bin/python3 make_arrays.py
# That is Debian's python3, with numpy 1.24; the python3 first on PATH has no numpy. The outputs are committed,
# so the Java tests never need Python.
"""Arrays the Data view must read as Python users cache them, written by numpy itself, and what numpy says of them.

Files (all deterministic: a fixed seed and literal values):
  batch_f32.npy     np.save of a float32 (32, 784) batch in [0, 1]: random pixels k / 255, row 0 starting with
                    0.5, 1/3, 0.0, 1.0, 0.1 (each the nearest float32)
  images_u8.bin     x.tobytes() of a uint8 (32, 28, 28) image batch (C order), the bytes a user HSETs as "data"
  images_u8.json    the fields a user HSETs beside it: {"dtype": "uint8", "shape": [32, 28, 28]}
  fortran_f64.npy   np.save of np.asfortranarray of a float64 (5, 4) of mixed magnitudes (1e-300 … 6.02e23):
                    the header says 'fortran_order': True and the data is column-major
  labels_i64.npy    np.save of int64 (32) class ids in 0..9
  features.json     json.dumps(X.tolist()) of a float (6, 3) list, the redis-py "preprocessed_data" style
  labels.json       json.dumps(y.tolist()) of a 6-int list
  expected.json     what numpy says about each of the above, under "arrays", keyed by file name
                    (images_u8.bin is described by its .json: one entry, "images_u8.bin"):
    format          "npy", "raw" (tobytes + dtype/shape fields) or "json"
    dtype           str(x.dtype): float32, uint8, float64, int64 (json lists load as float64 / int64)
    shape           list(x.shape)
    fortran_order   True only for fortran_f64.npy
    min, max        x.min(), x.max() as Python numbers: ints for integer dtypes; for floats the exact value the
                    dtype stores, widened to float64 (a float32 1/3 is 0.3333333432674408)
    mean, std       x.astype(np.float64).mean() and .std() (ddof=0): float64 throughout, not numpy's default
                    float32 accumulator for float32 arrays
    bincount        np.bincount(x).tolist() for the label arrays (labels_i64.npy, labels.json) only
    rows            what numpy prints for the first 3 rows of the 2-D view: block = x.reshape(-1, x.shape[-1])[:3]
                    (for the (32, 28, 28) image batch that is the first 3 rows of the first image, x[0][:3]; for a
                    1-D array it is the one row of all its values), printed with
                      np.array2string(block, threshold=sys.maxsize, max_line_width=10**9, separator=' ')
                    under numpy's default print options (set explicitly below), split with str.splitlines(), and
                    each line stripped of brackets and surrounding whitespace with line.strip(" []"); spaces inside
                    a line are numpy's column padding and are kept. numpy chooses the notation, precision and
                    padding from the 3-row block alone, not from the whole array.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS_SHOWN = 3

np.set_printoptions(precision=8, threshold=1000, edgeitems=3, linewidth=75, suppress=False, nanstr="nan",
                    infstr="inf", sign="-", floatmode="maxprec", legacy=False)


def path(name):
    return os.path.join(HERE, name)


def rows(x):
    block = x.reshape(-1, x.shape[-1])[:ROWS_SHOWN]
    text = np.array2string(block, threshold=sys.maxsize, max_line_width=10**9, separator=" ")
    return [line.strip(" []") for line in text.splitlines()]


def number(v):
    return int(v) if np.issubdtype(type(v), np.integer) else float(v)


def describe(x, fmt, labels=False):
    d = {
        "format": fmt,
        "dtype": str(x.dtype),
        "shape": list(x.shape),
        "fortran_order": bool(x.flags.f_contiguous and not x.flags.c_contiguous),
        "min": number(x.min()),
        "max": number(x.max()),
        "mean": float(x.astype(np.float64).mean()),
        "std": float(x.astype(np.float64).std()),
    }
    if labels:
        d["bincount"] = np.bincount(x).tolist()
    d["rows"] = rows(x)
    return d


rng = np.random.default_rng(20240611)

# Pixels scaled to [0, 1] as a normalised MNIST batch is (k / 255), so numpy prints it in plain notation;
# fortran_f64.npy is the one that prints in scientific notation.
batch = rng.integers(0, 256, (32, 784)).astype(np.float32) / 255
batch[0, :5] = [0.5, 1 / 3, 0.0, 1.0, 0.1]
np.save(path("batch_f32.npy"), batch)

# Sparse strokes on a dark background, as digits are, but with ink in the first rows so they print something.
images = (rng.integers(0, 256, (32, 28, 28)) * (rng.random((32, 28, 28)) < 0.3)).astype(np.uint8)
images[0, 0, :4] = [0, 128, 255, 1]
with open(path("images_u8.bin"), "wb") as f:
    f.write(images.tobytes())
with open(path("images_u8.json"), "w") as f:
    json.dump({"dtype": str(images.dtype), "shape": list(images.shape)}, f)
    f.write("\n")

fortran = np.asfortranarray(np.array([
    [1.5e-8, 2.5, -3.0e5, 0.0],
    [1.0, -1e-3, 123456.789, 7.25e-3],
    [-42.0, 3.14159, 6.02e23, -0.5],
    [1e-300, 100.0, -2.0, 9.999],
    [0.125, -7.0, 1e10, 65504.0]], dtype=np.float64))
assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous
np.save(path("fortran_f64.npy"), fortran)

labels = rng.integers(0, 10, 32).astype(np.int64)
np.save(path("labels_i64.npy"), labels)

features = np.round(rng.normal(0, 2, (6, 3)), 4)
features[0] = [1.0, 0.1, -2.5]
json_labels = np.array([3, 1, 4, 1, 5, 9], dtype=np.int64)
with open(path("features.json"), "w") as f:
    f.write(json.dumps(features.tolist()))
with open(path("labels.json"), "w") as f:
    f.write(json.dumps(json_labels.tolist()))

# Described from what was written, read back the way a user would load each file.
with open(path("features.json")) as f:
    loaded_features = np.array(json.load(f))
with open(path("labels.json")) as f:
    loaded_labels = np.array(json.load(f))
with open(path("images_u8.json")) as f:
    meta = json.load(f)
with open(path("images_u8.bin"), "rb") as f:
    loaded_images = np.frombuffer(f.read(), dtype=meta["dtype"]).reshape(meta["shape"])

expected = {
    "numpy": np.__version__,
    "arrays": {
        "batch_f32.npy": describe(np.load(path("batch_f32.npy")), "npy"),
        "images_u8.bin": describe(loaded_images, "raw"),
        "fortran_f64.npy": describe(np.load(path("fortran_f64.npy")), "npy"),
        "labels_i64.npy": describe(np.load(path("labels_i64.npy")), "npy", labels=True),
        "features.json": describe(loaded_features, "json"),
        "labels.json": describe(loaded_labels, "json", labels=True),
    },
}
with open(path("expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
