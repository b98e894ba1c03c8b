"""What CrossEntropyLoss wants as targets: long class indices 0..C-1, no channel dimension."""

import torch
from torch import nn

torch.manual_seed(0)
loss_fn = nn.CrossEntropyLoss()
logits = torch.randn(4, 3)  # 4 samples, 3 classes: raw scores, no softmax
labels = torch.tensor([0, 2, 1, 2])  # one class index per sample, dtype int64 (long)
reference = loss_fn(logits, labels)


def broken_float_labels():
    float_labels = torch.tensor([0.0, 2.0, 1.0, 2.0])  # (1)!
    return loss_fn(logits, float_labels)


def broken_one_hot():
    one_hot = nn.functional.one_hot(labels, num_classes=3)  # (2)!
    return loss_fn(logits, one_hot)


def broken_mask_with_channel():
    mask_logits = torch.randn(2, 3, 8, 8)  # (N, C, H, W): a score per class for every pixel
    mask = torch.randint(0, 3, (2, 1, 8, 8))  # (3)!
    return loss_fn(mask_logits, mask)


def broken_labels_from_one():
    labels_from_one = labels + 1  # (4)!
    return loss_fn(logits, labels_from_one)


def fixed():
    float_labels = torch.tensor([0.0, 2.0, 1.0, 2.0])
    from_floats = loss_fn(logits, float_labels.long())  # (5)!
    torch.testing.assert_close(from_floats, reference)

    one_hot = nn.functional.one_hot(labels, num_classes=3)
    from_one_hot = loss_fn(logits, one_hot.argmax(dim=1))  # (6)!
    torch.testing.assert_close(from_one_hot, reference)
    # A float one-hot is read as class probabilities, which gives the same loss.
    torch.testing.assert_close(loss_fn(logits, one_hot.float()), reference)

    mask_logits = torch.randn(2, 3, 8, 8)
    mask = torch.randint(0, 3, (2, 1, 8, 8))
    per_pixel = loss_fn(mask_logits, mask.squeeze(1))  # (7)!
    # The same number as treating every pixel as one sample of a plain classification.
    pixels_as_samples = mask_logits.permute(0, 2, 3, 1).reshape(-1, 3)
    torch.testing.assert_close(per_pixel, loss_fn(pixels_as_samples, mask.reshape(-1)))

    labels_from_one = labels + 1
    shifted = labels_from_one - 1  # (8)!
    assert shifted.min() >= 0 and shifted.max() < logits.shape[1]  # (9)!
    from_shifted = loss_fn(logits, shifted)
    torch.testing.assert_close(from_shifted, reference)
    return {
        "float_labels.long()": from_floats,
        "one_hot.argmax(dim=1)": from_one_hot,
        "mask.squeeze(1)": per_pixel,
        "labels_from_one - 1": from_shifted,
    }


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_float_labels, RuntimeError)
    assert message.startswith("expected target dtype to be Long")
    message = show_error(broken_one_hot, RuntimeError)
    assert message == "Expected floating point type for target with class probabilities, got Long"
    message = show_error(broken_mask_with_channel, RuntimeError)
    assert message.endswith("but got targets of dimension: 4")
    message = show_error(broken_labels_from_one, IndexError)
    assert message == f"Target {logits.shape[1]} is out of bounds."  # C itself is one too many
    for fix, loss in fixed().items():
        print(f"fixed with {fix:<22} loss = {loss.item():.4f}")
