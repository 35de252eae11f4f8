# Makes the reference files WriterReferenceTest compares against. Run once, by hand, with Debian's
# /usr/bin/python3 (numpy 1.24.2); the files are committed so the tests never need Python.
#   cd src/test/resources/dev/tensorlens/tensor/write && /usr/bin/python3 make_reference.py
import json
import struct
import numpy as np

np.save("f32_2x3.npy", (np.arange(6, dtype="<f4") / 4 - 0.5).reshape(2, 3))
np.save("f64_4.npy", np.array([1.5, -2.0, 3.25, 1e-3], dtype="<f8"))
np.save("i32_2x2.npy", np.array([[1, -2], [300000, -400000]], dtype="<i4"))
np.save("i16_5.npy", np.array([0, 1, -1, 32767, -32768], dtype="<i2"))
np.save("u8_3x4.npy", np.arange(0, 240, 20, dtype="u1").reshape(3, 4))
np.save("f32_scalar.npy", np.array(7.0, dtype="<f4"))
np.save("f32_1000x1.npy", np.ones((1000, 1), dtype="<f4"))

# float32 -> float16: ties, subnormals, overflow, NaN/inf, -0
cases = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 65520.0, 1e6, -1e6, 5.96e-8, 2.98e-8, 3e-8,
                  6.1e-5, 1.0009765625, 1.00048828125, 1.00146484375, 0.1, 3.14159265,
                  float("inf"), float("-inf"), float("nan")], dtype="<f4")
cases.tofile("f16_cases_input_f32.bin")
cases.astype("<f2").tofile("f16_cases_expected.bin")
np.save("f16_2x2.npy", np.array([[0.5, -1.25], [100.0, 1e-3]], dtype="<f4").astype("<f2"))

# safetensors: the safetensors package is not on this machine, so this follows its spec (and
# safetensors' Rust writer): compact JSON, "__metadata__" first, tensors in the order they are laid
# out, header padded with spaces to a multiple of 8, offsets relative to the data buffer.
w = (np.arange(6, dtype="<f4") / 8).reshape(3, 2)
b = np.array([1, 2, 3], dtype="<i4")
header = {"__metadata__": {"format": "pt", "epoch": "3"},
          "layer0.weight": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 24]},
          "layer0.bias": {"dtype": "I32", "shape": [3], "data_offsets": [24, 36]}}
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - len(text) % 8) % 8)
with open("two_tensors.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + w.tobytes() + b.tobytes())

# np.save of a Fortran-ordered array: the header says 'fortran_order': True and the data stays column-major
np.save("f64_fortran_3x2.npy", np.asfortranarray(np.array([[1.5, -2.0], [3.25, 1e-3], [100.0, -0.5]], dtype="<f8")))
