"""Autograd errors: a second backward through a freed graph, and in-place writes it needed."""

import contextlib
import warnings

import torch

torch.manual_seed(0)
x = torch.randn(4, 3)
w_start = torch.randn(3, 2)


def broken_backward_twice():
    w = w_start.clone().requires_grad_()
    hidden = torch.tanh(x @ w)  # shared by both losses below
    loss_a = hidden.sum()
    loss_b = (hidden**2).mean()
    loss_a.backward()  # (1)!
    loss_b.backward()


def broken_inplace_on_saved_output():
    w = w_start.clone().requires_grad_()
    scores = torch.exp(x @ w)  # exp's backward reuses its own output
    scores[:, 0] = 0  # (2)!
    scores.sum().backward()


def broken_inplace_on_leaf():
    w = w_start.clone().requires_grad_()
    (x @ w).pow(2).mean().backward()
    w -= 0.1 * w.grad  # (3)!


def saved_outputs_and_versions():
    """What the errors are about: tanh and exp save their outputs; in-place ops bump a version."""
    w = w_start.clone().requires_grad_()
    hidden, scores = torch.tanh(x @ w), torch.exp(x @ w)
    assert hidden.grad_fn._saved_result is not None  # tanh saved its output for backward
    assert torch.equal(scores.grad_fn._saved_result, scores)  # so did exp
    before = scores._version
    scores[:, 0] = 0
    return before, scores._version


def find_with_anomaly_detection():
    """Anomaly detection names the forward line whose backward failed (slow: debugging only)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The error itself is the one shown above; what is new is the warning before it.
        with torch.autograd.detect_anomaly(), contextlib.suppress(RuntimeError):
            broken_inplace_on_saved_output()
    (report,) = [str(w.message) for w in caught if "Error detected in" in str(w.message)]
    assert report.startswith("Error detected in ExpBackward0.")
    assert any("should only be enabled for debugging" in str(w.message) for w in caught)
    # The traceback's last line of code is the forward call that built the failing node.
    code_lines = [line.split("#")[0].strip() for line in report.splitlines() if line[:4] == " " * 4]
    return report.splitlines()[0], code_lines[-1]


def fixed():
    w = w_start.clone().requires_grad_()
    hidden = torch.tanh(x @ w)
    (hidden.sum() + (hidden**2).mean()).backward()  # (4)!
    one_pass = w.grad.clone()

    w.grad = None
    hidden = torch.tanh(x @ w)
    hidden.sum().backward(retain_graph=True)  # (5)!
    (hidden**2).mean().backward()
    torch.testing.assert_close(w.grad, one_pass)  # the two gradients were added up

    w.grad = None
    scores = torch.exp(x @ w)
    keep = torch.tensor([0.0, 1.0])
    (scores * keep).sum().backward()  # (6)!
    by_hand = x.T @ (torch.exp(x @ w.detach()) * keep)  # d/dw sum(exp(xw) * keep)
    torch.testing.assert_close(w.grad, by_hand)
    masked = torch.autograd.grad(torch.exp(x @ w).masked_fill(keep == 0, 0).sum(), w)[0]
    torch.testing.assert_close(masked, by_hand)

    before = w.detach().clone()
    with torch.no_grad():  # (7)!
        w -= 0.1 * w.grad
    torch.testing.assert_close(w.detach(), before - 0.1 * by_hand)
    assert w.is_leaf and w.requires_grad  # still a trainable leaf after the update

    rebound = w - 0.1 * w.grad  # the tempting alternative raises nothing, but...
    assert not rebound.is_leaf  # ...it is not a leaf: it never gets a .grad of its own
    (x @ rebound).pow(2).mean().backward()
    assert not torch.equal(w.grad, by_hand)  # the gradient flowed on to w, added to its old one
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert rebound.grad is None  # PyTorch warns about reading it, too
    assert "not a leaf Tensor is being accessed" in str(caught[0].message)
    return one_pass


def show_error(broken_function, expected_type):
    """Run code that must fail and print the error's type and first line, as Python shows them."""
    try:
        broken_function()
    except expected_type as error:
        print(f"{broken_function.__name__}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return str(error)
    raise AssertionError(f"{broken_function.__name__} did not raise {expected_type.__name__}")


if __name__ == "__main__":
    message = show_error(broken_backward_twice, RuntimeError)
    assert message.startswith("Trying to backward through the graph a second time")
    message = show_error(broken_inplace_on_saved_output, RuntimeError)
    assert message.startswith(
        "one of the variables needed for gradient computation has been modified by an inplace"
    )
    message = show_error(broken_inplace_on_leaf, RuntimeError)
    assert message == "a leaf Variable that requires grad is being used in an in-place operation."
    before, after = saved_outputs_and_versions()
    print(f"version of exp's output: {before} when saved, {after} after one in-place write")
    assert (before, after) == (0, 1)
    first_line, forward_call = find_with_anomaly_detection()
    print("anomaly detection:", first_line)
    print("anomaly detection points at:", forward_call)
    assert forward_call == "scores = torch.exp(x @ w)"
    print("fixed: gradient of both losses\n", fixed())
