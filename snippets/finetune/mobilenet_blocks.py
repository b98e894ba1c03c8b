"""MobileNetV1's building blocks: conv_bn, and conv_dw (depthwise + pointwise) against a plain 3x3.

torchvision ships MobileNet V2 and V3, not V1; the end compares their blocks with conv_dw.
"""

# %% conv-bn
import torch
from torch import nn
from torchvision import models

torch.manual_seed(0)


def conv_bn(in_channels, out_channels, stride):
    """3x3 convolution + BatchNorm + ReLU: MobileNetV1's first layer."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False),  # (1)!
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


# %% conv-dw
def conv_dw(in_channels, out_channels, stride):
    """Depthwise 3x3 (one filter per channel) + BN + ReLU, then pointwise 1x1 + BN + ReLU."""
    return nn.Sequential(
        nn.Conv2d(
            in_channels, in_channels, 3, stride, padding=1, groups=in_channels, bias=False
        ),  # (1)!
        nn.BatchNorm2d(in_channels),
        nn.ReLU(inplace=True),
        nn.Conv2d(in_channels, out_channels, 1, bias=False),  # (2)!
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


# %% count
def count(module):
    return sum(p.numel() for p in module.parameters())


C_IN, C_OUT = 128, 256
plain, separable = conv_bn(C_IN, C_OUT, stride=2), conv_dw(C_IN, C_OUT, stride=2)
x = torch.randn(1, C_IN, 28, 28)
print("output shapes:", tuple(plain(x).shape), tuple(separable(x).shape))
depthwise, pointwise = separable[0], separable[3]
plain_weights, plain_bn = count(plain[0]), count(plain[1])
separable_weights = count(depthwise) + count(pointwise)
separable_bn = count(separable[1]) + count(separable[4])
print(f"depthwise weight: {tuple(depthwise.weight.shape)}")
print(f"pointwise weight: {tuple(pointwise.weight.shape)}")
print(f"plain 3x3 conv:  {plain_weights:,} weights (+{plain_bn} in BatchNorm)")
print(
    f"depthwise + 1x1: {count(depthwise):,} + {count(pointwise):,} = {separable_weights:,}",
    f"weights (+{separable_bn} in BatchNorm)",
)

# %% check
assert plain(x).shape == separable(x).shape == (1, C_OUT, 14, 14)  # drop-in replacement
assert count(plain[0]) == 3 * 3 * C_IN * C_OUT == 294_912
assert count(depthwise) == 3 * 3 * C_IN == 1_152
assert count(pointwise) == C_IN * C_OUT == 32_768

# %% ratio
ratio = separable_weights / plain_weights
print(f"weights ratio: {ratio:.4f} = 1/{C_OUT} + 1/9")
print(f"whole blocks: conv_bn {count(plain):,}, conv_dw {count(separable):,}")

# %% check
assert abs(ratio - (1 / C_OUT + 1 / 9)) < 1e-12
assert (count(plain), count(separable)) == (295_424, 34_688)

# %% one-channel
# groups=in_channels: each output channel of the depthwise conv sees only its own input channel.
with torch.no_grad():
    nudged = x.clone()
    nudged[:, 0] += 1.0  # change input channel 0 only
    differs = (depthwise(nudged) != depthwise(x)).flatten(2).any(-1).squeeze(0)
changed = differs.nonzero().flatten().tolist()
print("depthwise output channels that changed:", changed)

# %% check
assert changed == [0]

# %% mobilenet-v2
# torchvision has no MobileNetV1: its MobileNets are V2 and V3, built from inverted residuals.
mobilenets = [name for name in models.list_models(module=models) if name.startswith("mobilenet")]
print("torchvision's MobileNets:", mobilenets)
v2_block = models.mobilenet_v2(weights=None).features[3].eval()  # (1)!
expand, depthwise_v2, project, project_bn = v2_block.conv
print(
    f"mobilenet_v2 block: 1x1 {expand[0].in_channels} -> {expand[0].out_channels},",
    f"depthwise 3x3 on {depthwise_v2[0].groups} channels,",
    f"1x1 {project.in_channels} -> {project.out_channels}, no activation after it",
)
print("mobilenet_v2 block adds its input back:", v2_block.use_res_connect)

# %% check
assert expand[0].out_channels == 6 * expand[0].in_channels  # expanded, not squeezed
assert depthwise_v2[0].groups == depthwise_v2[0].in_channels == 144  # conv_dw's depthwise step
assert isinstance(project_bn, nn.BatchNorm2d)  # the block ends in BN: a linear bottleneck
assert isinstance(expand[2], nn.ReLU6) and isinstance(depthwise_v2[2], nn.ReLU6)
x24 = torch.randn(1, 24, 14, 14)
with torch.no_grad():
    block_out, branch_out = v2_block(x24), v2_block.conv(x24)
torch.testing.assert_close(block_out, x24 + branch_out)  # the residual

# %% mobilenet-v3
v3_block = models.mobilenet_v3_small(weights=None).features[4]  # (1)!
v3_layers = {type(m).__name__ for m in v3_block.modules()}
print("mobilenet_v3_small block has:", sorted(v3_layers & {"Hardswish", "SqueezeExcitation"}))

# %% check
assert {"Hardswish", "SqueezeExcitation"} <= v3_layers and "ReLU6" not in v3_layers
depthwise_v3 = v3_block.block[1][0]
assert depthwise_v3.groups == depthwise_v3.in_channels  # the depthwise step is still there
