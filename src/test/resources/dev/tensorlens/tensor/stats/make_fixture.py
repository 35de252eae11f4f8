"""Writes numpy_expected.json: small arrays as raw bytes and what numpy says about them.

Run from this folder:  python3 make_fixture.py   (numpy >= 1.22; written with numpy 2.4)
The Java tests read the JSON only; they never need Python.

Reference figures are computed by numpy in float64 over the finite values
(the values exactly as the dtype stores them), which is what TensorStats promises:
np.nanmin/np.nanmax/np.mean/np.std(ddof=0)/np.linalg.norm over a[np.isfinite(a)],
np.percentile(..., method='linear') and np.histogram(..., bins=8).
bfloat16 has no numpy dtype: its values are float32 with the low 16 bits cleared,
stored as the high halves.
"""
import json
import numpy as np

rng = np.random.default_rng(20240601)
Q = [0, 1, 5, 25, 50, 75, 95, 99, 100]
BINS = 8


def specials(values):
    v = np.array(values, dtype=np.float64)
    v[3] = np.nan
    v[7] = np.inf
    v[11] = -np.inf
    v[13] = 0.0
    v[17] = -0.0
    v[19] = np.nan
    return v


def histogram(f):
    if f.size == 0:  # numpy's default range (0, 1) for no data
        counts, edges = np.histogram(f, bins=BINS)
        return edges.tolist(), counts.tolist()
    lo, hi = f.min(), f.max()
    if lo == hi:  # TensorStats' choice: one bin around a constant
        return [lo - 0.5, hi + 0.5], [int(f.size)]
    counts, edges = np.histogram(f, bins=BINS)
    return edges.tolist(), counts.tolist()


def case(name, dtype, order, raw, values):
    """raw: the bytes; values: the float64 value of every element as the dtype stores it."""
    v = np.asarray(values, dtype=np.float64)
    f = v[np.isfinite(v)]
    nz = np.abs(f[f != 0])
    any_f = f.size > 0
    h_edges, h_counts = histogram(f)
    l_edges, l_counts = histogram(np.log10(nz))
    return {
        "name": name, "dtype": dtype, "order": order, "hex": raw.hex(),
        "count": int(v.size), "nan": int(np.isnan(v).sum()),
        "posInf": int(np.isposinf(v).sum()), "negInf": int(np.isneginf(v).sum()),
        "zeros": int((v == 0).sum()), "finite": int(f.size),
        "min": float(np.nanmin(f)) if any_f else None,
        "max": float(np.nanmax(f)) if any_f else None,
        "mean": float(np.mean(f)) if any_f else None,
        "std": float(np.std(f)) if any_f else None,
        "l2": float(np.linalg.norm(f)),
        "minNonZeroMagnitude": float(nz.min()) if nz.size else None,
        "maxMagnitude": float(np.abs(f).max()) if any_f else None,
        "q": Q,
        "percentiles": [float(x) for x in np.percentile(f, Q, method="linear")] if any_f else None,
        "histEdges": h_edges, "histCounts": h_counts,
        "logZeros": int((f == 0).sum()), "logEdges": l_edges, "logCounts": l_counts,
    }


cases = []
x = specials(rng.normal(0.5, 2.0, 97)).astype(np.float32)
cases.append(case("float32 little-endian with specials", "float32", "LE", x.astype("<f4").tobytes(), x))
cases.append(case("float32 big-endian with specials", "float32", "BE", x.astype(">f4").tobytes(), x))

x = specials(rng.normal(1e6, 1e-3, 131))  # large mean, tiny spread: naive sum of squares fails here
cases.append(case("float64 large mean small spread", "float64", "LE", x.astype("<f8").tobytes(), x))
cases.append(case("float64 big-endian", "float64", "BE", x.astype(">f8").tobytes(), x))

x = specials(rng.normal(0, 300, 64)).astype(np.float16)
x[20] = np.float16(6e-8)  # subnormal
x[21] = np.float16(65504)
cases.append(case("float16 little-endian", "float16", "LE", x.astype("<f2").tobytes(), x))
cases.append(case("float16 big-endian", "float16", "BE", x.astype(">f2").tobytes(), x))

x32 = specials(rng.normal(-3, 40, 50)).astype(np.float32)
bits = (x32.view(np.uint32) >> 16).astype(np.uint16)
xb = (bits.astype(np.uint32) << 16).view(np.float32)
cases.append(case("bfloat16 little-endian", "bfloat16", "LE", bits.astype("<u2").tobytes(), xb))
cases.append(case("bfloat16 big-endian", "bfloat16", "BE", bits.astype(">u2").tobytes(), xb))

for dtype, lo, hi, n in [("uint8", 0, 256, 70), ("int8", -128, 128, 70), ("int16", -32768, 32768, 40),
                         ("uint16", 0, 65536, 40), ("int32", -2**31, 2**31, 33), ("uint32", 0, 2**32, 33),
                         ("int64", -2**40, 2**40, 29)]:
    a = rng.integers(lo, hi, n, dtype=np.int64).astype(dtype)
    a[5] = 0
    a[6] = 0
    for order, tag in (("LE", "<"), ("BE", ">")):
        raw = a.astype(np.dtype(dtype).newbyteorder(tag)).tobytes()
        cases.append(case(f"{dtype} {order}", dtype, order, raw, a))

b = rng.integers(0, 2, 30).astype(np.bool_)
cases.append(case("bool", "bool", "LE", b.tobytes(), b))

c = (rng.normal(0, 1, 25) + 1j * rng.normal(0, 1, 25)).astype(np.complex64)
cases.append(case("complex64 magnitudes", "complex64", "LE", c.astype("<c8").tobytes(), np.abs(c.astype(np.complex128))))

x = np.array([np.nan, np.inf, -np.inf, np.nan], dtype=np.float32)
cases.append(case("float32 nothing finite", "float32", "LE", x.tobytes(), x))
x = np.full(10, 2.5, dtype=np.float32)
x[3] = np.nan
cases.append(case("float32 constant", "float32", "LE", x.tobytes(), x))
x = np.zeros(0, dtype=np.float32)
cases.append(case("float32 empty", "float32", "LE", x.tobytes(), x))

# comparisons: a float32 reference against a bfloat16 copy and a perturbed float64 copy
a = rng.normal(0, 1, 40).astype(np.float32)
bbits = (a.view(np.uint32) >> 16).astype(np.uint16)
bvals = (bbits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
p = a.astype(np.float64) + rng.normal(0, 0.01, 40)
p[9] = np.nan


def compare(name, a_dtype, a_raw, av, b_dtype, b_raw, bv):
    av = np.asarray(av, np.float64)
    bv = np.asarray(bv, np.float64)
    ok = np.isfinite(av) & np.isfinite(bv)
    x, y = av[ok], bv[ok]
    na, nb = np.linalg.norm(x), np.linalg.norm(y)
    return {"name": name, "aDtype": a_dtype, "aHex": a_raw.hex(), "bDtype": b_dtype, "bHex": b_raw.hex(),
            "count": int(av.size), "nonFinitePairs": int((~ok).sum()),
            "diffNorm": float(np.linalg.norm(x - y)), "normA": float(na), "normB": float(nb),
            "relativeChange": float(np.linalg.norm(x - y) / na), "cosine": float(np.dot(x, y) / (na * nb)),
            "maxAbsDiff": float(np.max(np.abs(x - y)))}


comparisons = [
    compare("float32 vs its bfloat16 copy", "float32", a.tobytes(), a, "bfloat16", bbits.tobytes(), bvals),
    compare("float32 vs perturbed float64 with a NaN", "float32", a.tobytes(), a, "float64", p.tobytes(), p),
]

with open("numpy_expected.json", "w") as out:
    json.dump({"numpy": np.__version__, "cases": cases, "comparisons": comparisons}, out, indent=1)
