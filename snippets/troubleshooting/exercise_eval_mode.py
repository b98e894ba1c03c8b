"""Exercise: evaluate() gives a different answer every time it is called on the same images, and
fails on a single image. Find the missing line and add it."""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 32),
    nn.BatchNorm1d(32),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(32, 10),
)
images = torch.rand(8, 1, 28, 28)  # stands in for a batch of MNIST digits
model(images)  # stands in for training: BatchNorm's running statistics are no longer 0 and 1


def evaluate(model, images):
    """Predicted class of each image."""
    model.eval()  # the fix: dropout off, BatchNorm uses its running statistics
    with torch.no_grad():
        return model(images).argmax(dim=1)


running_mean = model[2].running_mean.clone()
first, second = evaluate(model, images), evaluate(model, images)
print("first call: ", first)
print("second call:", second)
assert torch.equal(first, second), "the same images must get the same predictions"
assert torch.equal(model[2].running_mean, running_mean), "evaluating must not change BatchNorm"
alone = evaluate(model, images[:1])
print("image 0 alone:", alone)
assert torch.equal(alone, first[:1])
