"""The first nn.Linear after the convolutions must take exactly as many features as they produce."""

import torch
from torch import nn

torch.manual_seed(0)
images = torch.randn(4, 1, 28, 28)  # a batch of four MNIST-sized images


def conv_features():
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3),  # no padding: 28 -> 26
        nn.ReLU(),
        nn.MaxPool2d(2),  # 26 -> 13
        nn.Flatten(),  # (N, 8, 13, 13) -> (N, 8 * 13 * 13)
    )


def broken():
    model = nn.Sequential(conv_features(), nn.Linear(8 * 28 * 28, 10))  # (1)!
    return model(images)


def fixed_by_measuring():
    features = conv_features()
    flat = features(images)
    print("features:", tuple(flat.shape))  # (2)!
    model = nn.Sequential(features, nn.Linear(flat.shape[1], 10))
    assert flat.shape == (4, 8 * 13 * 13)
    assert model(images).shape == (4, 10)


def fixed_with_lazy_linear():
    model = nn.Sequential(conv_features(), nn.LazyLinear(10))  # (3)!
    assert isinstance(model[1].weight, nn.parameter.UninitializedParameter)
    model(images)  # (4)!
    print("LazyLinear in_features after one batch:", model[1].in_features)
    assert model[1].in_features == 8 * 13 * 13
    assert model[1].weight.shape == (10, 8 * 13 * 13)


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken, RuntimeError)
    assert message == "mat1 and mat2 shapes cannot be multiplied (4x1352 and 6272x10)"
    fixed_by_measuring()
    fixed_with_lazy_linear()
