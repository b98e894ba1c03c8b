"""Cutting a pretrained ResNet-34 into named stages and returning every stage's features."""

# %% imports
import torch
from torch import nn
from torchvision.models import resnet34
from torchvision.models.feature_extraction import create_feature_extractor, get_graph_node_names

torch.manual_seed(0)
pretrained = resnet34(weights=None).state_dict()  # stands in for ResNet34_Weights.DEFAULT


# %% stages-class
class ResNetStages(nn.Module):
    """ResNet-34 without avgpool and fc; forward returns the output of every stage."""

    STAGES = ("stem", "layer1", "layer2", "layer3", "layer4")

    def __init__(self):
        super().__init__()
        net = resnet34(weights=None)
        # The attribute names stay those of torchvision's ResNet, so its state_dict keys fit.
        self.conv1, self.bn1, self.relu, self.maxpool = net.conv1, net.bn1, net.relu, net.maxpool
        self.layer1, self.layer2 = net.layer1, net.layer2
        self.layer3, self.layer4 = net.layer3, net.layer4

    def forward(self, x):
        features = {}
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        features["stem"] = x
        for name in self.STAGES[1:]:
            x = getattr(self, name)(x)  # (1)!
            features[name] = x
        return features  # (2)!


# %% load-stages
stages = ResNetStages()
result = stages.load_state_dict(pretrained, strict=False)  # (1)!
print("missing:", result.missing_keys, " unexpected:", result.unexpected_keys)

# %% check
assert result.missing_keys == [] and result.unexpected_keys == ["fc.weight", "fc.bias"]

# %% features
images = torch.randn(2, 3, 224, 224)
stages.eval()
with torch.inference_mode():
    ours = stages(images)
for name, feature in ours.items():
    print(f"{name:<7} {tuple(feature.shape)}")

# %% check
assert {name: tuple(f.shape) for name, f in ours.items()} == {
    "stem": (2, 64, 56, 56),
    "layer1": (2, 64, 56, 56),
    "layer2": (2, 128, 28, 28),
    "layer3": (2, 256, 14, 14),
    "layer4": (2, 512, 7, 7),
}

# %% graph-nodes
# The same without writing a class: torchvision traces the model and taps the named nodes.
net = resnet34(weights=None)
net.load_state_dict(pretrained)
train_nodes, eval_nodes = get_graph_node_names(net)  # (1)!
print(f"graph nodes: {len(eval_nodes)}, top level: {[n for n in eval_nodes if '.' not in n]}")
print("last nodes:", eval_nodes[-6:])

# %% check
assert train_nodes == eval_nodes  # ResNet traces the same graph in both modes
assert "layer4" not in eval_nodes and "layer4.2.relu_1" in eval_nodes  # traced into the blocks

# %% extractor
# A module's name means its output: "layer4" taps its last node, "layer4.2.relu_1".
return_nodes = {"maxpool": "stem", "layer1": "layer1", "layer2": "layer2", "layer3": "layer3"}
return_nodes["layer4"] = "layer4"
extractor = create_feature_extractor(net, return_nodes=return_nodes)  # (1)!
extractor.eval()
with torch.inference_mode():
    theirs = extractor(images)
same = list(theirs) == list(ours) and all(torch.equal(theirs[n], ours[n]) for n in ours)
print(f"create_feature_extractor: {len(theirs)} tensors, the same bit for bit: {same}")

# %% check
assert list(theirs) == list(ours)
for name in ours:
    assert torch.equal(theirs[name], ours[name]), name
