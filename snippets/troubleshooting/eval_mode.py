"""Forgetting model.eval(): dropout stays on and BatchNorm keeps using (and updating) batch
statistics. Predictions change from call to call, and a batch of one sample fails outright."""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(8, 2),
)
assert model.training  # a new model starts in training mode
batch = torch.randn(6, 4)
model(batch)  # stands in for training: the BatchNorm running statistics are now non-trivial


def broken_predictions():
    model.train()  # (1)!
    running_mean_before = model[1].running_mean.clone()
    with torch.no_grad():
        first, second = model(batch), model(batch)
    running_mean_moved = not torch.equal(model[1].running_mean, running_mean_before)
    return (first - second).abs().max().item(), running_mean_moved


def broken_single_sample():
    model.train()  # as if eval() were forgotten
    with torch.no_grad():
        return model(batch[:1])


def fixed():
    model.eval()  # (2)!
    running_mean_before = model[1].running_mean.clone()
    with torch.no_grad():
        first, second = model(batch), model(batch)
        alone = model(batch[:1])  # (3)!
    assert torch.equal(first, second)
    assert torch.equal(model[1].running_mean, running_mean_before)
    torch.testing.assert_close(alone, first[:1])  # a sample's output ignores its batch-mates
    return first


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    difference, moved = broken_predictions()
    print(f"broken_predictions: same batch twice, largest difference {difference:.4f}")  # (4)!
    print("broken_predictions: inference changed BatchNorm's running mean:", moved)
    assert difference > 0.01 and moved
    message = show_error(broken_single_sample, ValueError)
    assert message.startswith("Expected more than 1 value per channel when training")
    predictions = fixed()
    print("fixed: two calls agree, running statistics untouched, one sample works")
    print("fixed: predictions of shape", tuple(predictions.shape))
