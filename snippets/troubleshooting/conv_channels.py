"""A U-Net decoder step: upsample, concatenate the skip connection, then a double convolution."""

# %% decoder-parts
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)  # the layers and the stand-in features below are random


def double_conv(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1),
        nn.ReLU(),
    )


def encoder_features(image):
    """Stand-in for the encoder: a skip map at full size and a deeper map at half size."""
    skip = torch.randn(1, 64, image.shape[2], image.shape[3])
    deep = torch.randn(1, 128, image.shape[2] // 2, image.shape[3] // 2)
    return skip, deep


up = nn.ConvTranspose2d(128, 64, kernel_size=2, stride=2)  # 128 channels in, 64 out, size x2

# %% channels
skip, deep = encoder_features(torch.randn(1, 3, 16, 16))
merged = torch.cat([up(deep), skip], dim=1)  # (1)!
print("merged:", tuple(merged.shape))
decoder = double_conv(64, 64)  # (2)!
try:
    decoder(merged)
except RuntimeError as err:
    print("RuntimeError:", err)

# %% channels-fixed
decoder = double_conv(64 + 64, 64)  # (1)!
print("decoder output:", tuple(decoder(merged).shape))

# %% check
assert decoder[0].in_channels == merged.shape[1]

# %% odd-size
skip, deep = encoder_features(torch.randn(1, 3, 17, 17))  # (1)!
print("upsampled:", tuple(up(deep).shape), "skip:", tuple(skip.shape))
try:
    torch.cat([up(deep), skip], dim=1)
except RuntimeError as err:
    print("RuntimeError:", err)

# %% pad-fixed
upsampled = up(deep)
# Pad the upsampled map to the skip's size (the original U-Net crops the skip instead).
missing_h = skip.shape[2] - upsampled.shape[2]
missing_w = skip.shape[3] - upsampled.shape[3]
left, top = missing_w // 2, missing_h // 2
upsampled = F.pad(upsampled, [left, missing_w - left, top, missing_h - top])
merged = torch.cat([upsampled, skip], dim=1)
print("merged:", tuple(merged.shape))
print("decoder output:", tuple(decoder(merged).shape))
