"""Three design rules for ConvNets, each shown with numbers rather than taken on faith."""

# %% bias-before-bn
import torch
from torch import nn

torch.manual_seed(0)
with_bias = nn.Conv2d(3, 16, 3, padding=1, bias=True)
without_bias = nn.Conv2d(3, 16, 3, padding=1, bias=False)  # (1)!
with torch.no_grad():
    without_bias.weight.copy_(with_bias.weight)
    with_bias.bias.uniform_(-5, 5)  # even a large bias changes nothing after BN
batch_norm = nn.BatchNorm2d(16)  # training mode: normalise with this batch's statistics
images = torch.randn(8, 3, 32, 32)
same = torch.allclose(batch_norm(with_bias(images)), batch_norm(without_bias(images)), atol=1e-5)
print("same output after BN, up to rounding:", same)
saved = sum(p.numel() for p in with_bias.parameters()) - sum(
    p.numel() for p in without_bias.parameters()
)
print(f"bias=False before BN: {saved} fewer parameters per layer")

# %% check
from torch.testing import assert_close

assert_close(batch_norm(with_bias(images)), batch_norm(without_bias(images)), atol=1e-5, rtol=0)
assert saved == 16


# %% active-fraction
def active_fraction_per_channel(relu_input):
    """How much of each channel the ReLU lets through (the rest passes no gradient)."""
    return (relu_input > 0).float().mean(dim=(0, 2, 3))


# %% relu-order
conv = nn.Conv2d(3, 32, 3, padding=1)
raw_pixels = torch.rand(8, 3, 32, 32) * 255  # un-normalised images: every input is positive
relu_first = nn.Sequential(conv, nn.ReLU(), nn.BatchNorm2d(32))
bn_first = nn.Sequential(conv, nn.BatchNorm2d(32), nn.ReLU())  # (1)!
fractions = {
    "Conv-ReLU-BN": active_fraction_per_channel(relu_first[0](raw_pixels)),
    "Conv-BN-ReLU": active_fraction_per_channel(bn_first[1](bn_first[0](raw_pixels))),
}
for name, fraction in fractions.items():
    print(
        f"{name}: the ReLU passes {fraction.min():.2f} to {fraction.max():.2f} of a channel "
        f"(mean {fraction.mean():.2f})"
    )

# %% check
assert fractions["Conv-ReLU-BN"].min() < 0.1  # some channels are almost switched off ...
assert fractions["Conv-ReLU-BN"].max() > 0.9  # ... others are almost linear
balanced = fractions["Conv-BN-ReLU"]
assert ((balanced > 0.4) & (balanced < 0.6)).all()  # BN first: about half of every channel
assert bn_first(raw_pixels).min() == 0  # and the block still ends in a ReLU


# %% multiply-adds
def multiply_adds(conv_layer, output):
    # each output value is a dot product over in_channels * kernel_height * kernel_width inputs
    kernel = conv_layer.in_channels * conv_layer.kernel_size[0] * conv_layer.kernel_size[1]
    return output[0].numel() * kernel


# %% stages
print("stage  channels x height x width  multiply-adds  output values")
stage_costs, stage_sizes = [], []
channels, size = 32, 32
for stage in range(3):
    layer = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
    out = layer(torch.randn(1, channels, size, size))
    stage_costs.append(multiply_adds(layer, out))
    stage_sizes.append(out[0].numel())
    shape = f"{channels} x {size} x {size}"
    print(f"{stage:<6} {shape:<26} {stage_costs[-1]:>13,} {stage_sizes[-1]:>14,}")
    channels, size = channels * 2, size // 2  # (1)!

# %% check
assert len(set(stage_costs)) == 1  # the same compute per stage
assert stage_sizes == [32 * 32 * 32, 32 * 32 * 32 // 2, 32 * 32 * 32 // 4]  # memory halves


# %% two-heads
def backbone():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(32),
        nn.ReLU(),
    )


fixed_size = nn.Sequential(backbone(), nn.Flatten(), nn.Linear(32 * 14 * 14, 10))
any_size = nn.Sequential(
    backbone(),
    nn.AdaptiveAvgPool2d(1),  # (1)!
    nn.Flatten(),
    nn.Linear(32, 10),
)

# %% any-size
results = {}
for side in (28, 64):
    images = torch.randn(2, 1, side, side)
    try:
        fixed_result = str(tuple(fixed_size(images).shape))
    except RuntimeError as error:  # the Linear layer was built for 32 * 14 * 14 inputs
        fixed_result = f"RuntimeError: {str(error).splitlines()[0]}"
    results[side] = fixed_result, tuple(any_size(images).shape)
    print(f"{side}x{side}  Flatten + Linear     -> {fixed_result}")
    print(f"{side}x{side}  AdaptiveAvgPool2d(1) -> {results[side][1]}")

# %% check
assert results[28] == (
    "(2, 10)",
    (2, 10),
)  # Flatten + Linear works only at the size it was built for
assert results[64][0].startswith("RuntimeError") and results[64][1] == (2, 10)
