"""ResNet-34 and its weights enum; what the old pretrained= argument does in torchvision 0.29."""

import tempfile
import warnings
from pathlib import Path

import torch
from torchvision.models import ResNet34_Weights, resnet34

torch.manual_seed(0)

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
    equivalent = messages[1].split("equivalent to passing ")[1].rstrip(".").split(". ")[0]
    print(f"pretrained={pretrained}: {len(caught)} UserWarnings, equivalent to {equivalent}")
    assert equivalent == (
        "`weights=ResNet34_Weights.IMAGENET1K_V1`" if pretrained else "`weights=None`"
    )
    same = all(torch.equal(v, stand_in[k]) for k, v in legacy.state_dict().items())
    assert same == pretrained  # True loads the (cached) ImageNet file, False a random init
print("warning:", messages[0])
torch.hub.set_dir(default_hub)  # back to ~/.cache/torch/hub for the rest of a session
assert torch.hub.get_dir() == default_hub
workdir.cleanup()
