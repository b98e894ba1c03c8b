"""A U-Net decoder step: upsample, concatenate the skip connection, then a double convolution."""

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


def broken_channels():
    skip, deep = encoder_features(torch.randn(1, 3, 16, 16))
    merged = torch.cat([up(deep), skip], dim=1)  # (1)!
    decoder = double_conv(64, 64)  # (2)!
    return decoder(merged)


def broken_odd_size():
    skip, deep = encoder_features(torch.randn(1, 3, 17, 17))  # (3)!
    return torch.cat([up(deep), skip], dim=1)


def fixed():
    skip, deep = encoder_features(torch.randn(1, 3, 17, 17))
    upsampled = up(deep)
    # Pad the upsampled map to the skip's size (the original U-Net crops the skip instead).
    missing_h = skip.shape[2] - upsampled.shape[2]
    missing_w = skip.shape[3] - upsampled.shape[3]
    left, top = missing_w // 2, missing_h // 2
    upsampled = F.pad(upsampled, [left, missing_w - left, top, missing_h - top])
    merged = torch.cat([upsampled, skip], dim=1)
    print("merged:", tuple(merged.shape))  # (4)!
    decoder = double_conv(64 + 64, 64)  # (5)!
    out = decoder(merged)
    assert merged.shape == (1, 128, 17, 17)
    assert decoder[0].in_channels == merged.shape[1]
    assert out.shape == (1, 64, 17, 17)
    return out


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_channels, RuntimeError)
    assert "expected input[1, 128, 16, 16] to have 64 channels, but got 128 channels" in message
    message = show_error(broken_odd_size, RuntimeError)
    assert "Expected size 16 but got size 17" in message
    print("fixed: decoder output", tuple(fixed().shape))
