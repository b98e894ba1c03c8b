"""ResNet-34 and its weights enum; what the old pretrained= argument does in torchvision 0.29."""

import tempfile
import warnings
from pathlib import Path

import torch
from torchvision import models
from torchvision.models import ResNet34_Weights, ResNet50_Weights, resnet34

torch.manual_seed(0)


def equivalent_weights(caught):
    """The weights= that torchvision's second warning says a pretrained= call stands for."""
    return str(caught[1].message).split("equivalent to passing `weights=")[1].split("`")[0]


# weights=None: the architecture only, randomly initialised, nothing downloaded.
model = resnet34(weights=None)  # (1)!
num_params = sum(p.numel() for p in model.parameters())
print(f"resnet34(weights=None): {num_params:,} parameters")

# The enum lists every weight set published for the architecture; DEFAULT points at the best one.
print("weight sets:", [w.name for w in ResNet34_Weights])
weights = ResNet34_Weights.DEFAULT  # (2)!
assert weights is ResNet34_Weights.IMAGENET1K_V1
assert list(ResNet34_Weights) == [ResNet34_Weights.IMAGENET1K_V1]  # only one set so far

# .meta and .transforms() are plain Python data: readable offline, no download.
meta = weights.meta  # (3)!
print(f"meta: {len(meta['categories'])} categories, first {meta['categories'][:3]}")
print(f"meta: ImageNet-1K acc@1 {meta['_metrics']['ImageNet-1K']['acc@1']} %")
print(f"meta: {meta['num_params']:,} parameters, file {meta['_file_size']} MB")
assert meta["num_params"] == num_params  # the same architecture the enum describes
assert len(meta["categories"]) == model.fc.out_features == 1000
preprocess = weights.transforms()  # (4)!
print(f"transforms: resize {preprocess.resize_size}, crop {preprocess.crop_size}")
assert (preprocess.resize_size, preprocess.crop_size) == ([256], [224])
image = torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8)
batch = preprocess(image).unsqueeze(0)
assert batch.shape == (1, 3, 224, 224) and batch.dtype == torch.float32
model.eval()
with torch.inference_mode():
    logits = model(batch)
print("logits:", tuple(logits.shape))
assert logits.shape == (1, 1000)
assert model.bn1.num_batches_tracked.item() == 0  # eval(): BatchNorm statistics untouched

# The weights file is cached under torch.hub's folder; a file already there is never downloaded.
# Here a local state_dict stands in for the real file, so this runs offline.
workdir = tempfile.TemporaryDirectory()
default_hub = torch.hub.get_dir()
torch.hub.set_dir(workdir.name)  # (5)!
file_name = weights.url.rsplit("/", 1)[-1]
print("cached file name:", file_name)
checkpoints = Path(workdir.name) / "checkpoints"
checkpoints.mkdir()
stand_in = {k: v.clone() for k, v in model.state_dict().items()}  # not the ImageNet weights
torch.save(stand_in, checkpoints / file_name)

loaded = resnet34(weights=ResNet34_Weights.DEFAULT)  # found in the cache: no download
assert all(torch.equal(v, stand_in[k]) for k, v in loaded.state_dict().items())

# pretrained= still exists in 0.29: no TypeError, two UserWarnings, mapped onto weights=.
for pretrained in (False, True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy = resnet34(pretrained=pretrained)  # (6)!
    messages = [str(w.message) for w in caught]
    assert [w.category for w in caught] == [UserWarning, UserWarning]
    assert "'pretrained' is deprecated since 0.13" in messages[0]
    equivalent = equivalent_weights(caught)
    print(
        f"pretrained={pretrained}: {len(caught)} UserWarnings, equivalent to weights={equivalent}"
    )
    assert equivalent == ("ResNet34_Weights.IMAGENET1K_V1" if pretrained else "None")
    same = all(torch.equal(v, stand_in[k]) for k, v in legacy.state_dict().items())
    assert same == pretrained  # True loads the (cached) ImageNet file, False a random init
print("warning:", messages[0])

# pretrained=True is IMAGENET1K_V1, the first ImageNet weights, even where DEFAULT is newer.
# num_classes=10 clashes with the 1000 ImageNet classes, so each call raises ValueError after
# translating pretrained= and before downloading anything: this asks every classification model.
legacy = {}
for name in models.list_models(module=models):  # (7)!
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            models.get_model(name, pretrained=True, num_classes=10)
        except ValueError as exc:
            stopped = str(exc)
        else:
            raise AssertionError(f"{name} should have stopped before loading any weights")
    if stopped.startswith("No weights available"):  # no weights set for pretrained=True at all
        legacy[name] = "ValueError"
    else:
        assert "'num_classes' expected value 1000 but got 10" in stopped  # nothing downloaded
        legacy[name] = equivalent_weights(caught).split(".")[1]
no_legacy = sorted(name for name, weights_name in legacy.items() if weights_name == "ValueError")
v1 = len(legacy) - len(no_legacy)
print(f"pretrained=True, {len(legacy)} classification models: {v1} -> IMAGENET1K_V1,", end=" ")
print(f"{len(no_legacy)} -> ValueError {no_legacy}")
assert set(legacy.values()) == {"IMAGENET1K_V1", "ValueError"}
newer = sorted(n for n in legacy if models.get_model_weights(n).DEFAULT.name != "IMAGENET1K_V1")
print(f"DEFAULT is not IMAGENET1K_V1 for {len(newer)} of them;", end=" ")
print(
    f"resnet50: DEFAULT = {ResNet50_Weights.DEFAULT.name}, pretrained=True = {legacy['resnet50']}"
)
assert ResNet50_Weights.DEFAULT is ResNet50_Weights.IMAGENET1K_V2 and "resnet50" in newer
assert legacy["resnet50"] == "IMAGENET1K_V1"  # pretrained=True is not DEFAULT for ResNet-50
assert "resnet18" not in newer and "resnet34" not in newer
torch.hub.set_dir(default_hub)  # back to ~/.cache/torch/hub for the rest of a session
assert torch.hub.get_dir() == default_hub
workdir.cleanup()
