# Makes the arrays NumpyTextTest formats and what numpy prints for them. Run once, by hand, with Debian's
# /usr/bin/python3 (numpy 1.24.2); the outputs are committed, so the tests never need Python:
#   cd src/test/resources/dev/tensorlens/tensor/write && /usr/bin/python3 make_numpy_text.py
#
# numpy_text/*.npy    the arrays, as np.save writes them
# numpy_text.json     a list of cases: {"name", "npy", "first", "count", "lines"} for rows [first, first+count) of the
#                     2-D view x.reshape(-1, x.shape[-1]) (a vector: x.reshape(-1, 1)), or {"name", "npy", "image":
#                     {"layout", "sample", "rows"}, "lines"} for the pixel rows of one image; "lines" is numpy's text of
#                     that block, one row per line, brackets and trailing spaces removed.
import json
import os
import sys

import numpy as np

OUT = "numpy_text"
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20260311)
cases = []


def numpy_lines(block):
    """numpy's text of a 2-D block without brackets: print(block), one row per line."""
    assert block.ndim == 2
    text = np.array2string(block, threshold=sys.maxsize, max_line_width=10**9, separator=" ")
    lines = []
    for line in text.split("\n"):
        # "[[a b]" first, " [c d]" after, "...]]" last
        lines.append(line[2:].rstrip("]").rstrip(" "))
    return lines


def view2d(x):
    if x.ndim == 0:
        return x.reshape(1, 1)
    if x.ndim == 1:
        return x.reshape(-1, 1)
    return x.reshape(-1, x.shape[-1])


def save(name, x):
    path = name + ".npy"
    np.save(os.path.join(OUT, path), x)
    return path


def rows(name, x, first=0, count=None, file=None):
    """A case over rows [first, first+count) of x's 2-D view; x is saved unless file names an array saved before."""
    path = file or save(name, x)
    x2d = view2d(x)
    count = x2d.shape[0] - first if count is None else count
    block = x2d[first:first + count]
    cases.append({"name": name, "npy": path, "first": first, "count": count, "lines": numpy_lines(block)})
    return path


def image(name, x, layout, sample, count, file=None):
    path = file or save(name, x)
    one = x[sample]
    if layout == "NHW":
        img = one
    elif layout == "NHWC":
        img = one.reshape(one.shape[0], -1)
    elif layout == "NCHW":
        img = one.transpose(1, 2, 0).reshape(one.shape[1], -1)
    else:
        raise ValueError(layout)
    cases.append({"name": name, "npy": path, "image": {"layout": layout, "sample": sample, "rows": count},
                  "lines": numpy_lines(img[:count])})


f4 = np.float32

# float32
rows("f32_row", np.array([[0, .5, 1]], "f4"))
rows("f32_pixels", (np.arange(60).reshape(6, 10) * 4.25 % 256 / 255).astype("f4"))
rows("f32_mixed_scientific", np.array([[1e-3, -2.5, 10], [0.125, 3, -7.75]], "f4"))
rows("f32_tiny", np.array([[1e-6, 0, -3.5e-7], [2e-5, 0, 1.5e-5]], "f4"))
rows("f32_huge", np.array([[1e8, -2.5e9], [3.4028235e38, 1]], "f4"))
rows("f32_below_1e8", np.array([[99999990, 12345678, 1e5], [16777216, 16777218, -33554432]], "f4"))
rows("f32_nan_inf_positional", np.array([[np.nan, 1.5, -np.inf], [np.inf, -0.25, 2]], "f4"))
rows("f32_nan_inf_scientific", np.array([[np.nan, 1e-7, -np.inf], [np.inf, -0.25, 2e9]], "f4"))
rows("f32_nan_only", np.array([[np.nan, np.nan]], "f4"))
rows("f32_inf_only", np.array([[np.inf, -np.inf]], "f4"))
rows("f32_nan_integers", np.array([[np.nan, 1, 2]], "f4"))
rows("f32_zeros", np.array([[0, -0.0], [0, 0]], "f4"))
rows("f32_negative_zero_scientific", np.array([[-0.0, 1e-5, 1e5]], "f4"))
rows("f32_threshold_1e-4", np.array([[f4(1e-4), 0.05]], "f4"))  # float32 1e-4 is below 1e-4: scientific
rows("f32_ratio_rounds_to_1000", np.array([[1.0200539, 1020.0539]], "f4"))  # the float32 quotient is 1000
rows("f32_subnormal", np.array([[1e-45, 3e-45, 1.1754942e-38, -4e-45]], "f4"))
w = rng.normal(0, 0.02, size=(48, 12)).astype("f4")
path = rows("f32_weights", w)
for r in range(0, 48, 3):
    rows("f32_weights_rows_%d" % r, w, r, 3, file=path)
bits = rng.integers(0, 2**32, size=(40, 12), dtype=np.uint64).astype(np.uint32).view("f4")
bits[~np.isfinite(bits)] = 1.5
path = rows("f32_random_bits", bits)
for r in range(40):
    rows("f32_random_bits_row_%d" % r, bits, r, 1, file=path)
u = rng.uniform(-1000, 1000, size=(40, 8)).astype("f4")
u[::3] /= 7
path = rows("f32_uniform", u)
for r in range(40):
    rows("f32_uniform_row_%d" % r, u, r, 1, file=path)
rows("f32_big_endian", np.array([[0.1, -2.5], [3, 1e-3]], ">f4"))

# the format is decided over the block: row 0 makes the whole array scientific, rows 2..3 alone are positional
b = np.array([[1e9, 1, 2], [3, 4, 5], [0.5, 0.25, 6], [7.5, 8, 9]], "f4")
path = rows("f32_block_whole", b)
rows("f32_block_middle", b, 2, 2, file=path)
rows("f32_block_clipped", b, 3, 10, file=path)

# float64: more than 8 fractional digits round (half-even on the exact value), 9 significant in scientific
rows("f64_rounding", np.array([[np.pi, 1 / 3, 0.1 + 0.2], [123456.789012345, -2.0000000049999, 1.000000005]]))
rows("f64_carry", np.array([[0.999999999, 9.9999999951, 1.5]]))
rows("f64_scientific_rounding", np.array([[np.pi * 1e10, 1 / 3, -2 / 3 * 1e-7], [1e100, 5e-324, 1.7976931348623157e308]]))
d = rng.uniform(0, 1000, size=(30, 6))
path = rows("f64_uniform", d)
for r in range(30):
    rows("f64_uniform_row_%d" % r, d, r, 1, file=path)
e = rng.normal(0, 1, size=(30, 6)) * 10.0 ** rng.integers(-30, 30, size=(30, 6))
path = rows("f64_magnitudes", e)
for r in range(30):
    rows("f64_magnitudes_row_%d" % r, e, r, 1, file=path)

# float16: numpy prints float16 by float16's shortest digits
rows("f16_small", np.array([[0.1, 0.2, 0.3], [1 / 3, 65504, -1e-3]], "f2"))
rows("f16_subnormal", np.array([[6e-8, 1.2e-7, 6.1e-5, -3e-6]], "f2"))
rows("f16_ratio_rounds_to_1000", np.array([[0.1251, 125.1]], "f2"))  # the float16 quotient is 1000
rows("f16_nan_inf", np.array([[np.nan, np.inf, 0.5]], "f2"))
rows("f16_integers", np.array([[65504, 1000, 2050], [4100, 33000, -60000]], "f2"))  # every digit before the point
halves = rng.permutation(np.arange(0x7C00, dtype=np.uint16))[:2048]
halves = (halves | (rng.integers(0, 2, size=2048, dtype=np.uint16) << 15)).view("f2").reshape(64, 32)
path = rows("f16_random_bits", halves)
for r in range(64):
    rows("f16_random_bits_row_%d" % r, halves, r, 1, file=path)
p = rng.uniform(0, 1, size=(16, 16)).astype("f2")
path = rows("f16_pixels", p)
for r in range(16):
    rows("f16_pixels_row_%d" % r, p, r, 1, file=path)

# integers and bool
rows("i32_negative", np.array([[1, -2, 300000], [-400000, 5, 0]], "i4"))
rows("u8", np.array([[0, 7, 255], [10, 100, 1]], "u1"))
rows("i64_big", np.array([[2**63 - 1, -2**63, 5], [2**53 + 1, 0, -1]], "i8"))
rows("u64_big", np.array([[2**64 - 1, 2**63, 0]], "u8"))
rows("i8_i16", np.array([[-128, 127, 0]], "i1"))
rows("i16", np.array([[-32768, 32767], [1, -1]], ">i2"))
rows("u16_u32", np.array([[65535, 0]], "u2"))
rows("u32", np.array([[2**32 - 1, 3]], "u4"))
rows("bool", np.array([[True, False, True], [True, True, True]]))
rows("bool_all_true", np.array([[True, True]]))

# complex (numpy prints 1.+2.j)
rows("c64", np.array([[1 + 2j, -0.5 - 1e-3j], [np.nan + 1j, 3 - 0j]], "c8"))
rows("c128", np.array([[1e10 + 1j, 1 / 3 - 2j], [-np.inf + np.nan * 1j, 0.1 + 0.2j]], "c16"))

# layouts: Fortran order, 3-D (leading axes flattened into rows), a vector (a column), a scalar
fo = np.asfortranarray(rng.normal(0, 3, size=(5, 4)).astype("f4"))
path = rows("f32_fortran", fo)
rows("f32_fortran_middle", fo, 1, 3, file=path)
f3 = np.asfortranarray(np.arange(24, dtype="f8").reshape(2, 3, 4) / 8 - 1)
path = rows("f64_fortran_3d", f3)
rows("f64_fortran_3d_middle", f3, 2, 3, file=path)
t3 = (np.arange(24, dtype="i2").reshape(2, 3, 4) - 12) * 7
path = rows("i16_3d", t3)
rows("i16_3d_across", t3, 2, 2, file=path)
v = np.array([0.5, 1, 1e-3, 2, 3.25, -8], "f4")
path = rows("f32_vector", v)
rows("f32_vector_middle", v, 3, 2, file=path)
rows("f32_scalar", np.array(7.5, "f4"))
rows("bool_scalar", np.array(True))

# image rows: the pixel rows of one image of a batch
nhw = rng.integers(0, 256, size=(3, 6, 5), dtype=np.uint8)
image("u8_nhw", nhw, "NHW", 1, 3)
nhwc = (rng.integers(0, 256, size=(2, 6, 5, 3)) / 255).astype("f4")
image("f32_nhwc", nhwc, "NHWC", 1, 4)
nchw = rng.normal(0, 1, size=(2, 3, 6, 5)).astype("f4")
image("f32_nchw", nchw, "NCHW", 1, 3)
image("f32_nchw_fortran", np.asfortranarray(nchw), "NCHW", 0, 10)

with open("numpy_text.json", "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
