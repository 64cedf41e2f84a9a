#!/usr/bin/env python3
"""Golden values for nnworkshop.train.GoldenStepTest: one SGD step of a 2-3-2 ReLU MLP.

The workshop's equations in NumPy, float64, in the code's row layout (X is N x D, W is (out, in)):
  z1 = X W1^T + b1, a1 = relu(z1), z2 = a1 W2^T + b2, L = mean_i CE(softmax(z2_i), y_i)
  dz2 = (softmax(z2) - Y)/N, dW2 = dz2^T a1, db2 = sum_rows dz2, dz1 = dz2 W2 * [z1 > 0],
  dW1 = dz1^T X, db1 = sum_rows dz1, W <- W - lr dW.
Prints every value rounded to float32 (as repr of the nearest float), which the test asserts.
Run: python3 src/test/resources/golden/mlp_2_3_2.py
"""
import numpy as np

X = np.array([[1.0, 2.0], [0.5, -1.0]])
y = np.array([1, 0])
W1 = np.array([[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]])
b1 = np.array([0.01, -0.02, 0.03])
W2 = np.array([[0.3, -0.1, 0.2], [-0.4, 0.5, 0.1]])
b2 = np.array([0.05, -0.05])
lr = 0.5
# the test's float32 inputs are the nearest floats to these decimals: use exactly those
X, W1, b1, W2, b2 = (a.astype(np.float32).astype(np.float64) for a in (X, W1, b1, W2, b2))

N = X.shape[0]
z1 = X @ W1.T + b1
a1 = np.maximum(z1, 0)
z2 = a1 @ W2.T + b2
m = z2.max(axis=1, keepdims=True)
lse = m[:, 0] + np.log(np.exp(z2 - m).sum(axis=1))
loss = np.mean(lse - z2[np.arange(N), y])
p = np.exp(z2 - lse[:, None])
Y = np.eye(2)[y]
dz2 = (p - Y) / N
dW2 = dz2.T @ a1
db2 = dz2.sum(axis=0)
dz1 = (dz2 @ W2) * (z1 > 0)
dW1 = dz1.T @ X
db1 = dz1.sum(axis=0)


def show(name, a):
    flat = np.atleast_1d(np.asarray(a, dtype=np.float32)).ravel()
    print(f"{name} = {{" + ", ".join(repr(float(v)) + "f" for v in flat) + "};")


show("z1", z1)
show("a1", a1)
show("z2", z2)
show("loss", loss)
show("dW2", dW2)
show("db2", db2)
show("dW1", dW1)
show("db1", db1)
show("W1'", W1 - lr * dW1)
show("b1'", b1 - lr * db1)
show("W2'", W2 - lr * dW2)
show("b2'", b2 - lr * db2)
