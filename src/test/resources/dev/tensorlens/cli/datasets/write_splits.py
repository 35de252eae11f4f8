"""Writes a dataset's splits the way Python users do (redis-py `sadd` of integer ids) into the Redis server on the
given port, then prints what Python itself computes of them, as JSON in the shape `tensorlens datasets --json` prints:
{"datasets": [{"name", "splits": [{"name", "key", "type", "size"}], "overlaps": [{"a", "b", "count", "sample"}]}]}
with sizes from len(set) and shared ids from set intersection, sorted by value, the first 20 as strings.

train has 10,000 ids, val and test 2,000 each, drawn without repeats from 0 … 999,999 (seeded); then 7 train ids
are leaked into test and 3 into val.

Used by DatasetsCommandTest (skipped where python3 with redis is missing):
    python3 write_splits.py PORT [DB]
"""
import json
import random
import sys

import redis

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), db=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
rng = random.Random(2024)

ids = rng.sample(range(1_000_000), 14_000)
splits = {"train": set(ids[:10_000]), "val": set(ids[10_000:12_000]), "test": set(ids[12_000:])}
train = sorted(splits["train"])
splits["test"] |= set(rng.sample(train, 7))
splits["val"] |= set(rng.sample(train, 3))

order = ["train", "val", "test"]
for name in order:
    members = sorted(splits[name])
    for start in range(0, len(members), 1000):
        r.sadd(f"dataset:pyds:{name}", *members[start:start + 1000])

overlaps = []
for i, a in enumerate(order):
    for b in order[i + 1:]:
        shared = sorted(splits[a] & splits[b])
        overlaps.append({"a": a, "b": b, "count": len(shared), "sample": [str(n) for n in shared[:20]]})

print(json.dumps({"datasets": [{
    "name": "pyds",
    "splits": [{"name": n, "key": f"dataset:pyds:{n}", "type": "set", "size": len(splits[n])} for n in order],
    "overlaps": overlaps,
}]}))
