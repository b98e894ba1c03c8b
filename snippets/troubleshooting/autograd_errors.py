"""Autograd errors: a second backward through a freed graph, and in-place writes it needed."""

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

    rebound = w - 0.1 * w.grad  # the tempting alternative raises nothing, but...
    assert not rebound.is_leaf  # ...it is not a leaf: it would never get a .grad of its own
    before = w.detach().clone()
    with torch.no_grad():  # (7)!
        w -= 0.1 * w.grad
    torch.testing.assert_close(w.detach(), before - 0.1 * by_hand)
    assert w.is_leaf and w.requires_grad  # still a trainable leaf after the update
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
    print("fixed: gradient of both losses\n", fixed())
