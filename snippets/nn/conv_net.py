"""A reusable Conv-BN-ReLU block and a small ConvNet for 28x28 digit images (shapes only)."""

# %% conv-block
import torch
from torch import nn

torch.manual_seed(0)


class ConvBlock(nn.Sequential):
    """3x3 convolution -> batch norm -> ReLU; padding=1 keeps the height and width."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),  # (1)!
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )


# %% digit-net
class DigitNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            ConvBlock(1, 32),  # 28x28
            ConvBlock(32, 64, stride=2),  # (1)!
            ConvBlock(64, 128, stride=2),  # 7x7
            nn.AdaptiveAvgPool2d(1),  # (2)!
        )
        self.classifier = nn.Linear(128, num_classes)

    def forward(self, images):
        return self.classifier(torch.flatten(self.features(images), 1))


model = DigitNet()
print(model.features[0])

# %% hooks
digits = torch.randn(8, 1, 28, 28)  # stands in for a batch of MNIST digits
shapes, handles = {}, []
for name, stage in model.features.named_children():
    handle = stage.register_forward_hook(
        lambda module, inputs, output, name=name: shapes.update({name: tuple(output.shape)})
    )
    handles.append(handle)  # keep it: handle.remove() takes the hook off again
logits = model(digits)
for name, shape in shapes.items():
    print(f"features[{name}] -> {shape}")
print(f"classifier  -> {tuple(logits.shape)}")

# %% check
assert shapes == {
    "0": (8, 32, 28, 28),
    "1": (8, 64, 14, 14),
    "2": (8, 128, 7, 7),
    "3": (8, 128, 1, 1),
}
assert logits.shape == (8, 10)

# %% remove-hooks
for handle in handles:
    handle.remove()
shapes.clear()
again = model(digits)
print(f"forward pass after remove(): output {tuple(again.shape)}, shapes recorded {shapes}")

# %% parameters
blocks = [model.features[i] for i in range(3)]
counts = [sum(p.numel() for p in block.parameters()) for block in blocks]
print("parameters per ConvBlock:", counts)
total = sum(p.numel() for p in model.parameters())
print("total parameters:", total)

# %% check: 3x3 conv weights (no bias) + BatchNorm's weight and bias, per block
assert counts == [1 * 32 * 9 + 2 * 32, 32 * 64 * 9 + 2 * 64, 64 * 128 * 9 + 2 * 128]
assert total == sum(counts) + 128 * 10 + 10 == 94_186

# %% eval
running = sum(b.numel() for name, b in model.named_buffers() if "running" in name)
print("running statistics (buffers):", running)
model.eval()
alone, in_batch = model(digits[:1]), model(digits)[:1]
print("one image alone = inside the batch:", torch.allclose(alone, in_batch, atol=1e-6))

# %% check
from torch.testing import assert_close

assert running == 2 * (32 + 64 + 128)  # a running mean and variance per channel
assert_close(alone, in_batch)
