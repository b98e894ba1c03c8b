"""Exercise: one function that gives a ResNet or a MobileNetV3 a head for k classes."""

import torch
from torch import nn  # noqa: F401 (your answer needs it)
from torchvision.models import mobilenet_v3_small, resnet18

torch.manual_seed(0)
NUM_CLASSES = 7


def replace_head(model, num_classes):
    """Replace the last Linear layer of a torchvision classifier; return the model."""
    # TODO: ResNet has model.fc, MobileNetV3 ends model.classifier with its Linear layer.
    return model


images = torch.randn(2, 3, 64, 64)
for build in (resnet18, mobilenet_v3_small):
    model = build(weights=None)
    body = {k: v.clone() for k, v in model.state_dict().items()}
    model = replace_head(model, NUM_CLASSES)
    model.eval()
    with torch.inference_mode():
        logits, again = model(images), model(images)
    print(f"{build.__name__}: logits {tuple(logits.shape)}")
    assert logits.shape == (2, NUM_CLASSES)
    assert torch.equal(again, logits)  # eval(): Dropout is off
    after = model.state_dict()
    new = sorted(k for k in after if k not in body or after[k].shape != body[k].shape)
    print(f"{build.__name__}: new tensors {new}")
    assert len(new) == 2 and all(k.endswith((".weight", ".bias")) for k in new)
    kept = [k for k in body if k not in new]
    assert all(torch.equal(after[k], body[k]) for k in kept)  # the rest is untouched
