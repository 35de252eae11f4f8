# Writes the values `inspect --head` is tested on and the rows numpy prints for them. Run once with Debian's
# python3-numpy (1.24), i.e. /usr/bin/python3; the outputs are committed, so tests never need Python:
#   /usr/bin/python3 make_head_fixtures.py
# (Kept apart from make_fixtures.py, whose outputs stay as they were.)
#
# head_expected.json: {key: {"fields": {name: text} (a hash: the value goes in field "data"), "lines": [...]}}, where
# "lines" are numpy's text of the first 3 rows inspect --head 3 shows, one row per line, brackets and trailing
# spaces removed: x.reshape(-1, x.shape[-1])[:3] for an array, and for an image batch the rows of image 0 (x[0][:3]
# for N×H×W, x[0].transpose(1, 2, 0)[:3] flattened per row for N×C×H×W).
import io
import json
import sys

import numpy as np

rng = np.random.default_rng(20261129)
HEAD = 3
expected = {}


def numpy_lines(block):
    text = np.array2string(block, threshold=sys.maxsize, max_line_width=10**9, separator=" ")
    return [line[2:].rstrip("]").rstrip(" ") for line in text.split("\n")]


def npy(arr):
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


def save(name, data):
    with open(name, "wb") as f:
        f.write(data)


# MNIST flattened and scaled to [0, 1], as np.save writes a preprocessed batch: (32, 784) is no image shape
mnist = np.zeros((32, 784), dtype=np.float32)
strokes = rng.uniform(size=(32, 784)) < 0.2
mnist[strokes] = rng.integers(1, 256, size=int(strokes.sum())) / 255
save("head_mnist_f32.npy", npy(mnist))
expected["head_mnist_f32.npy"] = {"lines": numpy_lines(mnist[:HEAD])}

# raw uint8 digits, (8, 28, 28), tobytes() in a hash with dtype and shape fields: a batch of grey images
digits = rng.integers(0, 256, size=(8, 28, 28), dtype=np.uint8)
digits[:, :2] = 0  # a blank top edge, as digits have: the zeros are padded to the width of 255
save("head_digits_u8.bin", digits.tobytes())
expected["head_digits_u8.bin"] = {"fields": {"dtype": "uint8", "shape": "(8, 28, 28)"},
                                  "lines": numpy_lines(digits[0][:HEAD])}

# a Fortran-order matrix: rows in the logical order whatever the storage order
fortran = np.asfortranarray(rng.normal(0, 5, size=(6, 5)))
save("head_fortran_f64.npy", npy(fortran))
expected["head_fortran_f64.npy"] = {"lines": numpy_lines(fortran[:HEAD])}

# a channel-first batch stored in Fortran order: image 0's rows, pixel by pixel with the channels side by side
nchw = np.asfortranarray(rng.normal(0, 1, size=(4, 3, 8, 8)).astype(np.float32))
save("head_nchw_fortran_f32.npy", npy(nchw))
expected["head_nchw_fortran_f32.npy"] = {
    "lines": numpy_lines(nchw[0].transpose(1, 2, 0)[:HEAD].reshape(HEAD, -1))}

with open("head_expected.json", "w") as out:
    json.dump(expected, out, indent=1, sort_keys=True)
    out.write("\n")
