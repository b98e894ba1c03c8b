"""What fills memory during training, counted for a real model: parameters, gradients, the
optimizer's state and the activations autograd saves for backward. Then what batch size, mixed
precision, gradient accumulation and activation checkpointing do to the activations.
Writes troubleshooting_memory.png."""

# %% setup
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint
from torchvision.models import resnet18

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)
FIGURES = Path(os.environ.get("PYTORCH_NOTES_FIGURES", "."))
MiB = 2**20  # the unit of PyTorch's out-of-memory message

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% cpu-oom
try:
    too_many = torch.empty(2**40, 3, 64, 64)  # (1)!
except RuntimeError as err:
    print("RuntimeError:", err)

# %% model
torch.manual_seed(0)
model = resnet18(weights=None, num_classes=10)  # (1)!
images = torch.randn(32, 3, 64, 64)  # a batch of 32 small RGB images
labels = torch.randint(0, 10, (32,))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss = F.cross_entropy(model(images), labels)
loss.backward()
optimizer.step()  # (2)!
print(f"parameter count: {sum(p.numel() for p in model.parameters()):,}")


# %% static
def nbytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


parameters = nbytes(model.parameters())
gradients = nbytes(p.grad for p in model.parameters())
adam_state = nbytes(t for state in optimizer.state.values() for t in state.values())  # (1)!
print(f"parameters: {parameters / MiB:5.1f} MiB")
print(f"gradients:  {gradients / MiB:5.1f} MiB")
print(f"Adam state: {adam_state / MiB:5.1f} MiB, per parameter:", *optimizer.state[model.fc.bias])

# %% check: a gradient per parameter, and Adam keeps two more (plus a step count per tensor)
tensors = list(model.parameters())
assert gradients == parameters
assert adam_state == 2 * parameters + 4 * len(tensors)  # "step" is one float32 per tensor
sgd = torch.optim.SGD(tensors, lr=0.0, momentum=0.9)  # lr=0: the weights do not move
sgd.step()
assert nbytes(t for s in sgd.state.values() for t in s.values()) == parameters  # one buffer


# %% saved-bytes
def saved_bytes(forward, *args):
    """Run forward(*args); return its result and the bytes autograd keeps for backward."""
    weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
    storages = {}  # one entry per block of memory: several saved tensors may share one

    def pack(tensor):  # (1)!
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in weights:  # the parameters are counted already
            storages[storage.data_ptr()] = storage.nbytes()
        return tensor  # saved as it is: we only look

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        result = forward(*args)
    return result, sum(storages.values())


def training_loss(batch):
    inputs = images[:batch].clone()  # a tensor of its own, as a DataLoader gives
    return F.cross_entropy(model(inputs), labels[:batch])


# %% budget
loss, activations = saved_bytes(training_loss, 32)
budget = {
    "parameters": parameters,
    "gradients": gradients,
    "Adam state": adam_state,
    "activations": activations,  # (1)!
}
total = sum(budget.values())
for name, size in budget.items():
    print(f"{name:<12} {size / MiB:6.1f} MiB  {size / total:4.0%}")
print(f"{'total':<12} {total / MiB:6.1f} MiB")

# %% check: the activations are what backward needs, and it releases them
assert 0.2 < activations / total < 0.3  # for 32 images of 64 x 64; the rest is fixed
loss.backward()
try:
    loss.backward()  # a second backward finds the saved tensors gone
except RuntimeError as err:
    assert "backward through the graph a second time" in str(err)
else:
    raise AssertionError("the saved tensors were still there")

# %% check: on a CUDA GPU, the allocator measures what the estimate says (skipped elsewhere)
if DEVICE.startswith("cuda"):
    torch.cuda.reset_peak_memory_stats()
    start = torch.cuda.memory_allocated()  # whatever this process holds already
    torch.manual_seed(0)
    gpu_model = resnet18(weights=None, num_classes=10).to(DEVICE)
    gpu_optimizer = torch.optim.Adam(gpu_model.parameters(), lr=1e-3)
    gpu_images, gpu_labels = images.to(DEVICE), labels.to(DEVICE)
    for _ in range(2):  # in the second step the gradients and Adam's state already exist
        before = torch.cuda.memory_allocated()
        gpu_loss = F.cross_entropy(gpu_model(gpu_images), gpu_labels)
        held = torch.cuda.memory_allocated() - before  # what the graph keeps for backward
        gpu_loss.backward()  # no zero_grad(): the gradients stay allocated, as estimated
        gpu_optimizer.step()
    peak = torch.cuda.max_memory_allocated() - start
    assert 0.9 < held / activations < 1.1, (held / MiB, activations / MiB)
    # At the end of the forward pass everything the estimate counts is allocated at once;
    # cuDNN's and cuBLAS's workspaces and backward's temporaries come on top.
    assert 0.9 < peak / total < 1.5, (peak / MiB, total / MiB)

# %% batch-size
by_batch = {}
for batch in (8, 16, 32):
    _, by_batch[batch] = saved_bytes(training_loss, batch)
    print(f"batch {batch:>2}: activations {by_batch[batch] / MiB:5.1f} MiB")
per_image = (by_batch[32] - by_batch[8]) / (32 - 8)
fixed = by_batch[8] - 8 * per_image
print(f"per image: {per_image / MiB:.2f} MiB, fixed: {fixed / MiB:.2f} MiB")
print(f"total with batch 8: {(total - activations + by_batch[8]) / MiB:.1f} MiB")

# %% check: activations grow in proportion to the batch
assert by_batch[32] == activations
assert abs(by_batch[16] - (fixed + 16 * per_image)) < 0.001 * by_batch[16]
assert fixed < 0.01 * by_batch[8]  # nothing worth counting is independent of the batch


# %% autocast
def autocast_loss(batch):
    with torch.autocast("cpu", dtype=torch.bfloat16):  # (1)!
        return training_loss(batch)


bf16 = {batch: saved_bytes(autocast_loss, batch)[1] for batch in (4, 8)}
bf16_per_image = (bf16[8] - bf16[4]) / (8 - 4)
bf16_fixed = bf16[4] - 4 * bf16_per_image  # (2)!
print(f"per image: float32 {per_image / MiB:.2f} MiB, bfloat16 {bf16_per_image / MiB:.2f} MiB")
print(f"fixed:     float32 {fixed / MiB:.2f} MiB, bfloat16 {bf16_fixed / MiB:.2f} MiB")
print(f"batch 8:   float32 {by_batch[8] / MiB:.1f} MiB, bfloat16 {bf16[8] / MiB:.1f} MiB")
break_even = bf16_fixed / (per_image - bf16_per_image)
print(f"bfloat16 saves memory from a batch of {break_even:.0f} images on")

# %% check: half the bytes per image, but a bfloat16 copy of every weight is kept as well
assert 0.45 < bf16_per_image / per_image < 0.6  # the max-pool indices stay int64
assert abs(bf16_fixed - parameters / 2) < 0.01 * parameters
assert bf16[8] > by_batch[8]  # at this small batch it costs memory
assert 16 < break_even < 32


# %% accumulation
def accumulated_gradients(micro_batch):
    """The gradient of the mean loss over all 32 images, summed over micro-batches."""
    model.zero_grad()
    parts = len(images) // micro_batch
    for part in range(parts):
        batch = slice(part * micro_batch, (part + 1) * micro_batch)
        loss = F.cross_entropy(model(images[batch]), labels[batch])
        (loss / parts).backward()  # (1)!
    return torch.cat([p.grad.flatten() for p in model.parameters()])


def relative_difference(a, b):
    return ((a - b).norm() / b.norm()).item()


# %% accumulate
model.eval()  # (1)!
frozen_norm = relative_difference(accumulated_gradients(8), accumulated_gradients(32))
model.train()
batch_norm = relative_difference(accumulated_gradients(8), accumulated_gradients(32))
print(f"4 x 8 accumulated vs 32 at once, BatchNorm frozen:   {frozen_norm:.1e}")
print(f"4 x 8 accumulated vs 32 at once, BatchNorm training: {batch_norm:.2f}")
print(f"activations held at a time: {by_batch[8] / MiB:.1f} MiB instead of {activations / MiB:.1f}")

# %% check: the same gradient up to rounding, unless BatchNorm sees the micro-batches
assert frozen_norm < 1e-5
assert batch_norm > 0.5  # not rounding: another gradient


# %% checkpointing
def checkpointed_loss(batch):
    x = images[:batch].clone()
    x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        x = checkpoint(layer, x, use_reentrant=False)  # (1)!
    logits = model.fc(torch.flatten(model.avgpool(x), 1))
    return F.cross_entropy(logits, labels[:batch])


calls = []
model.layer1.register_forward_pre_hook(lambda *_: calls.append("layer1"))
model.zero_grad()
loss, checkpointed = saved_bytes(checkpointed_loss, 32)
loss.backward()
print(f"activations: {activations / MiB:.1f} MiB, with checkpoints {checkpointed / MiB:.1f} MiB")
print("layer1 ran", len(calls), "times in one training step")  # (2)!

# %% check: the same loss and gradients as without checkpoints, from half the saved bytes
from torch import nn

with_checkpoints = [p.grad.clone() for p in model.parameters()]
model.zero_grad()
plain_loss = training_loss(32)
plain_loss.backward()
torch.testing.assert_close(loss, plain_loss)
torch.testing.assert_close(with_checkpoints, [p.grad for p in model.parameters()])
assert 0.4 < checkpointed / activations < 0.6
stem = nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool)  # not checkpointed
assert saved_bytes(lambda: stem(images.clone()))[1] > 0.6 * checkpointed  # most of the rest
assert len(calls) == 3  # twice in the checkpointed step (forward, then again in backward)

# %% figure
fixed_parts = [parameters, gradients, adam_state]
bars = {
    "batch 32": [*fixed_parts, activations, 0],
    "batch 8": [*fixed_parts, by_batch[8], 0],
    "4 x 8 accumulated": [*fixed_parts, by_batch[8], 0],
    "bfloat16, batch 8": [*fixed_parts, bf16[8] - bf16_fixed, bf16_fixed],
    "checkpoint, batch 32": [*fixed_parts, checkpointed, 0],
}
fig, ax = plt.subplots(figsize=(7, 2.8))
left = [0.0] * len(bars)
for i, part in enumerate([*budget, "bfloat16 weight copies"]):  # stacked, one colour each
    widths = [sizes[i] / MiB for sizes in bars.values()]
    ax.barh(list(bars), widths, left=left, label=part)
    left = [a + b for a, b in zip(left, widths, strict=True)]
ax.invert_yaxis()
ax.set_xlim(0, 1.05 * max(left))  # room after the longest bar
ax.set_xlabel("MiB")
ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
FIGURES.mkdir(parents=True, exist_ok=True)
fig.savefig(FIGURES / "troubleshooting_memory.png", dpi=110, bbox_inches="tight", facecolor="white")
