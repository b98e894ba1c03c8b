"""Mixed precision: which ops autocast runs in bfloat16 on CPU, and training with it."""

# %% setup
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

DEVICE = os.environ.get("PYTORCH_NOTES_DEVICE") or (
    "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
)

# %% check: the device asked for exists
import sys

if DEVICE.startswith("cuda") and not torch.cuda.is_available():
    sys.exit(
        f"PYTORCH_NOTES_DEVICE={DEVICE} asks for CUDA, but this PyTorch sees no CUDA GPU. "
        "Unset it or use cpu."
    )

# %% autocast-cpu
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
x = torch.randn(8, 20)
labels = torch.randint(0, 3, (8,))
with torch.autocast("cpu", dtype=torch.bfloat16):  # (1)!
    hidden = model[0](x)
    logits = model(x)
    probabilities = logits.softmax(dim=1)
    loss = F.cross_entropy(logits, labels)  # (2)!
loss.backward()  # (3)!
print(f"{x.dtype = }")
print(f"{hidden.dtype = }")
print(f"{logits.dtype = }")
print(f"{probabilities.dtype = }")
print(f"{loss.dtype = }")
print(f"{model[0].weight.dtype = }")
print(f"{model[0].weight.grad.dtype = }")

# %% check
assert x.dtype == torch.float32  # the input itself is not converted
assert hidden.dtype == logits.dtype == torch.bfloat16  # Linear (matmul) runs in bf16
assert probabilities.dtype == torch.bfloat16  # on CPU; CUDA's list keeps softmax in float32
assert loss.dtype == torch.float32  # cross_entropy is on the float32 list
assert model[0].weight.dtype == model[0].weight.grad.dtype == torch.float32

# %% by-hand
# Inside autocast each Linear rounds its input, weight and bias to bf16 before the matrix
# product: the same as doing that rounding by hand, twice (one per Linear).
bf16 = torch.bfloat16
by_hand = F.linear(x.to(bf16), model[0].weight.to(bf16), model[0].bias.to(bf16)).relu()
by_hand = F.linear(by_hand, model[2].weight.to(bf16), model[2].bias.to(bf16))
same = torch.equal(logits, by_hand)
print(f"autocast logits == two Linear layers on bf16-rounded inputs and weights: {same}")
reference = model(x)  # float32, outside autocast
difference = (logits.float() - reference).abs().max().item()
print(f"largest |bf16 logit - float32 logit| = {difference:.4f}")

# %% check: those roundings move the logits away from the float32 ones, a little, not zero
from torch.testing import assert_close

assert same
assert 0 < difference < 0.05
assert_close(logits.float(), reference, rtol=0, atol=0.05)

# %% formats
formats = {}
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    info = torch.finfo(dtype)
    size = torch.empty(0, dtype=dtype).element_size()
    tiny_gradient = torch.tensor(1e-8).to(dtype).item()  # (1)!
    # eps = 2**(1 - significant bits); each bit is log10(2) of a decimal digit.
    bits = round(1 - math.log2(info.eps))
    print(
        f"{dtype!s:<15} {size} bytes  max {info.max:.3g}  eps {info.eps:.3g}  "
        f"bits {bits} (~{bits * math.log10(2):.1f} digits)  1e-8 becomes {tiny_gradient:.3g}"
    )
    formats[dtype] = size, bits

# %% check: float16 needs a GradScaler and bfloat16 does not because of range, not precision
assert {dtype: size for dtype, (size, _) in formats.items()} == {
    torch.float32: 4,
    torch.float16: 2,
    torch.bfloat16: 2,
}
assert {dtype: bits for dtype, (_, bits) in formats.items()} == {
    torch.float32: 24,
    torch.float16: 11,
    torch.bfloat16: 8,
}
assert torch.tensor(1e-8).to(torch.float16).item() == 0.0
assert torch.tensor(1e-8).to(torch.bfloat16).item() > 0.0

# %% data
DEVICE_TYPE = torch.device(DEVICE).type
FLOAT16 = DEVICE_TYPE == "cuda"
AMP_DTYPE = torch.float16 if FLOAT16 else torch.bfloat16  # (1)!
torch.manual_seed(0)
teacher = nn.Sequential(nn.Linear(20, 32), nn.Tanh(), nn.Linear(32, 3))
with torch.no_grad():
    features = torch.randn(3000, 20)
    classes = teacher(features).argmax(dim=1)
train_x, train_y = features[:2000].to(DEVICE), classes[:2000].to(DEVICE)
test_x, test_y = features[2000:].to(DEVICE), classes[2000:].to(DEVICE)


# %% train
def train(amp, steps=300, batch_size=100):
    torch.manual_seed(1)  # the same weights and batches for both runs
    net = nn.Sequential(nn.Linear(20, 128), nn.ReLU(), nn.Linear(128, 3)).to(DEVICE)
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3)
    # Against float16 gradient underflow; a no-op for float32 and bfloat16.
    scaler = torch.amp.GradScaler("cuda", enabled=amp and FLOAT16)  # (1)!
    for _ in range(steps):
        batch = torch.randint(0, len(train_x), (batch_size,))
        with torch.autocast(DEVICE_TYPE, dtype=AMP_DTYPE, enabled=amp):
            output = net(train_x[batch])
            loss = F.cross_entropy(output, train_y[batch])
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)  # unscales the gradients first; skips the step on inf/NaN
        scaler.update()
    with torch.no_grad(), torch.autocast(DEVICE_TYPE, dtype=AMP_DTYPE, enabled=amp):
        accuracy = (net(test_x).argmax(dim=1) == test_y).float().mean().item() * 100
    weights = {p.dtype for p in net.parameters()}  # the master weights
    return output.dtype, loss.item(), accuracy, weights


# %% compare
AMP_NAME = str(AMP_DTYPE).removeprefix("torch.")
runs = {"float32": train(amp=False), f"{AMP_NAME} autocast": train(amp=True)}
for name, (dtype, loss, accuracy, _) in runs.items():
    print(f"{name:<24} outputs {dtype!s:<15} last loss {loss:.3f}  test accuracy {accuracy:.1f}%")

# %% check
fp32_dtype, fp32_loss, fp32_accuracy, fp32_weights = runs["float32"]
amp_dtype, amp_loss, amp_accuracy, amp_weights = runs[f"{AMP_NAME} autocast"]
assert fp32_weights == amp_weights == {torch.float32}  # autocast never changes the parameters
assert fp32_dtype == torch.float32 and amp_dtype == AMP_DTYPE
assert fp32_accuracy > 90 and amp_accuracy > 90
assert abs(fp32_accuracy - amp_accuracy) < 2.0  # percentage points
assert abs(fp32_loss - amp_loss) < 0.05
