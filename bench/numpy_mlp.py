#!/usr/bin/env python3
"""The workshop's model in NumPy, as a baseline for `./workshop train` (README, Speed).

784-128-10 ReLU, softmax cross-entropy (mean over the batch), plain SGD (lr 0.1), batch 64,
He initialisation, pixels scaled to [0, 1], 55,000 training images shuffled every epoch, the
test set evaluated at the end: the same recipe as `./workshop train` with its defaults (not the
same random numbers). Reads MNIST's raw IDX files from the program's cache (fetched by
`./workshop data fetch`). Prints each epoch's seconds and the test accuracy; time the whole
process with `time` to compare with `time ./workshop train --epochs 10`.

    python3 bench/numpy_mlp.py [--epochs 10] [--data DIR] [--subset N]
"""
import argparse
import os
import sys
import time

import numpy as np


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--data", default=os.path.join(os.environ.get("NNWORKSHOP_DATA",
                   os.path.expanduser("~/.cache/nn-workshop")), "mnist"))
    p.add_argument("--subset", type=int, default=55000, help="training images (default 55,000, as train)")
    a = p.parse_args()
    try:
        x = idx(os.path.join(a.data, "train-images-idx3-ubyte")).reshape(-1, 784)
        y = idx(os.path.join(a.data, "train-labels-idx1-ubyte"))
        xt = idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
        yt = idx(os.path.join(a.data, "t10k-labels-idx1-ubyte"))
    except OSError as e:
        print(f"numpy_mlp: cannot read MNIST in {a.data}: {e.strerror} (run ./workshop data fetch)", file=sys.stderr)
        sys.exit(2)
    x = x[:min(a.subset, 55000)].astype(np.float32) / 255
    y = y[:len(x)]
    rng = np.random.default_rng(42)
    w1 = (rng.standard_normal((784, 128)) * np.sqrt(2 / 784)).astype(np.float32)
    b1 = np.zeros(128, np.float32)
    w2 = (rng.standard_normal((128, 10)) * np.sqrt(2 / 128)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    lr, batch = np.float32(0.1), 64
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        order = rng.permutation(len(x))
        for s in range(0, len(x), batch):
            i = order[s:s + batch]
            xb, n = x[i], len(i)
            z1 = xb @ w1 + b1                      # Z1 = X·W1 + b1
            a1 = np.maximum(z1, 0)                 # A1 = ReLU(Z1)
            z2 = a1 @ w2 + b2                      # Z2 = A1·W2 + b2
            e = np.exp(z2 - z2.max(axis=1, keepdims=True))
            p_ = e / e.sum(axis=1, keepdims=True)  # softmax
            p_[np.arange(n), y[i]] -= 1            # dL/dZ2 = (P − Y) / N
            dz2 = p_ / n
            dw2, db2 = a1.T @ dz2, dz2.sum(axis=0)
            dz1 = (dz2 @ w2.T) * (z1 > 0)          # dZ1 = dZ2·W2ᵀ ⊙ ReLU′(Z1)
            dw1, db1 = xb.T @ dz1, dz1.sum(axis=0)
            w1 -= lr * dw1; b1 -= lr * db1; w2 -= lr * dw2; b2 -= lr * db2
        print(f"epoch {epoch}: {time.perf_counter() - t0:.3f} s", flush=True)
    acc = ((np.maximum(xt @ w1 + b1, 0) @ w2 + b2).argmax(axis=1) == yt).mean()
    print(f"test accuracy {100 * acc:.2f}%")


if __name__ == "__main__":
    main()
