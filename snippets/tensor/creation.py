"""Creating tensors: from Python data, from a shape, from a range, and *_like."""

import torch

torch.manual_seed(0)  # rand and randn below give the same numbers on every run

# From Python data: the dtype is inferred from the values.
ints = torch.tensor([[1, 2, 3], [4, 5, 6]])  # (1)!
floats = torch.tensor([1.0, 2.5])
print(f"{ints.dtype = }, {floats.dtype = }")
assert ints.shape == (2, 3) and ints.dtype == torch.int64
assert floats.dtype == torch.float32

# From a shape: filled with a constant.
zeros = torch.zeros(2, 3)
ones = torch.ones(2, 3, dtype=torch.int32)
sevens = torch.full((2, 2), 7.0)
print(f"full((2, 2), 7.0):\n{sevens}")
assert zeros.sum() == 0 and ones.sum() == 6 and (sevens == 7).all()
assert zeros.dtype == torch.float32 and ones.dtype == torch.int32  # dtype= overrides the default

# Integer zeros: class labels and indices are integers (int64, torch.long, by convention).
labels = torch.zeros(4, dtype=torch.long)  # (2)!
print(f"{labels = }, {labels.dtype = }")
assert labels.dtype == torch.int64 and labels.tolist() == [0, 0, 0, 0]
logits = torch.zeros(4, 3)  # 4 samples, 3 classes, no preference: the loss is ln 3
loss = torch.nn.functional.cross_entropy(logits, labels)
assert torch.isclose(loss, torch.tensor(3.0).log())
for name, targets in [("float", torch.zeros(4)), ("int32", torch.zeros(4, dtype=torch.int32))]:
    try:
        torch.nn.functional.cross_entropy(logits, targets)  # one class per sample, shape (4,)
    except RuntimeError as err:
        print(f"RuntimeError ({name} labels):", err)
        assert "expected target dtype to be Long or Byte" in str(err)
    else:
        raise AssertionError(f"{name} class labels of shape (N,) should be rejected")
# A float target of shape (N, C) is no mistake: it holds each sample's class probabilities.
probabilities = torch.nn.functional.one_hot(labels, num_classes=3).float()  # rows sum to 1
assert torch.isclose(torch.nn.functional.cross_entropy(logits, probabilities), loss)
values = torch.arange(10.0)
assert values[labels[:2]].tolist() == [0.0, 0.0]  # long indices pick elements
assert values[labels[:2].int()].tolist() == [0.0, 0.0]  # so do int32 indices
assert values[values > 6].tolist() == [7.0, 8.0, 9.0]  # a bool tensor is a mask, not indices
try:
    values[torch.zeros(2)]  # float indices
except IndexError as err:
    print("IndexError:", err)
    assert "tensors used as indices must be long, int, byte or bool" in str(err)
else:
    raise AssertionError("float indices should be rejected")

# From a range: arange excludes the end, linspace includes it.
steps = torch.arange(0, 10, 3)  # (3)!
grid = torch.linspace(0, 1, steps=5)
print(f"arange(0, 10, 3): {steps}")
print(f"linspace(0, 1, steps=5): {grid}")
assert steps.tolist() == [0, 3, 6, 9]
assert grid.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]

identity = torch.eye(3)
assert torch.equal(identity @ identity, identity)

# Random: rand is uniform on [0, 1), randn is standard normal.
uniform = torch.rand(2, 3)
normal = torch.randn(10_000)
print(f"rand(2, 3):\n{uniform}")
assert ((uniform >= 0) & (uniform < 1)).all()
assert abs(normal.mean()) < 0.05 and abs(normal.std() - 1) < 0.05

# *_like: same shape, dtype, device, layout and memory format as another tensor.
like = torch.zeros_like(ints)  # (4)!
noise = torch.randn_like(floats)
assert like.shape == ints.shape and like.dtype == ints.dtype and like.device == ints.device
assert noise.shape == floats.shape and noise.dtype == floats.dtype
images = torch.ones(2, 3, 4, 4).to(memory_format=torch.channels_last)
assert torch.zeros_like(images).stride() == images.stride()  # channels_last kept
assert torch.zeros(images.shape).stride() != images.stride()  # zeros(shape) is contiguous
assert torch.zeros_like(torch.eye(3).to_sparse()).layout == torch.sparse_coo
