"""Custom autograd.Function: ReLU, Exp that saves its output, and a gradient-reversal layer."""

import torch
from torch.autograd import gradcheck
from torch.autograd.gradcheck import GradcheckError  # a subclass of RuntimeError
from torch.testing import assert_close

torch.manual_seed(0)


class ClampReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)  # (1)!
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0)  # the slope is 1 where x > 0 and 0 elsewhere


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)  # (2)!
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result  # d(e^x)/dx = e^x: the output is all backward needs


class ReverseGrad(torch.autograd.Function):
    """Identity going forward; going backward, the gradient is flipped and scaled."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale  # (3)!
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return -ctx.scale * grad_output, None  # (4)!


# Call a Function through .apply; backward() and autograd.grad then treat it like a built-in op.
x = torch.tensor([-1.5, -0.5, 0.5, 2.0], requires_grad=True)
y = ClampReLU.apply(x)
y.sum().backward()
print("ClampReLU(x):", y.detach(), " x.grad:", x.grad)
assert_close(y, torch.relu(x))
assert_close(x.grad, torch.tensor([0.0, 0.0, 1.0, 1.0]))

# gradcheck compares backward() with finite differences, so it needs float64 inputs.
inputs = torch.randn(8, dtype=torch.float64)
inputs = (inputs + inputs.sign() * 0.1).requires_grad_()  # (5)!
assert gradcheck(ClampReLU.apply, (inputs,))
assert gradcheck(Exp.apply, (inputs,))


# ReverseGrad's backward deliberately is not the derivative of its forward. What it claims is
# "my gradient is -scale", the gradient of -scale * x. Subtracting a detached (1 + scale) * x
# makes the forward value -scale * x too, and adds no gradient, so gradcheck can hold it to that.
def reversed_as_a_function(t, scale=0.5):
    return ReverseGrad.apply(t, scale) - (1 + scale) * t.detach()  # (6)!


assert gradcheck(reversed_as_a_function, (inputs,))
assert not gradcheck(lambda t: ReverseGrad.apply(t, 0.5), (inputs,), raise_exception=False)
print("gradcheck passed: ClampReLU, Exp, ReverseGrad")

# ReverseGrad changes nothing in the forward pass and negates the gradient that flows through.
x.grad = None
out = ReverseGrad.apply(x, 2.0)
(out**2).sum().backward()
print("x.grad through ReverseGrad(scale=2):", x.grad)
assert_close(out, x)
assert_close(x.grad, -2.0 * 2 * x.detach())  # minus scale times the usual 2x

# Exp matches torch.exp, value and gradient.
x.grad = None
Exp.apply(x).sum().backward()
assert_close(x.grad, x.detach().exp())
# Exp's backward is made of torch operations, so autograd can differentiate it in turn.
(first,) = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)  # (7)!
(second,) = torch.autograd.grad(first.sum(), x)
assert_close(second, x.detach().exp())  # the second derivative of e^x is e^x

# Saved tensors are guarded: changing one in place before backward() is caught, not silently used.
out = Exp.apply(x)
with torch.no_grad():
    out.mul_(2)
try:
    out.sum().backward()
except RuntimeError as err:
    assert "modified by an inplace operation" in str(err)
    print("saved tensor changed in place: RuntimeError:", str(err).split(":")[0])
else:
    raise AssertionError("backward() should refuse a saved tensor that was changed in place")

# torch.func transforms (grad, vmap, ...) refuse the forward(ctx, ...) style used above.
try:
    torch.func.grad(lambda t: Exp.apply(t).sum())(x.detach())
except RuntimeError as err:
    assert "it must override the setup_context staticmethod" in str(err)
    print("torch.func.grad on Exp: RuntimeError:", str(err).split(". ")[0])
else:
    raise AssertionError("torch.func should refuse a Function without setup_context")


class FuncExp(torch.autograd.Function):
    """Exp again, written for torch.func: forward takes no ctx, setup_context saves."""

    generate_vmap_rule = True  # (8)!

    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        (saved,) = ctx.saved_tensors
        return grad_output * saved


points = x.detach()
assert_close(torch.func.grad(lambda t: FuncExp.apply(t).sum())(points), points.exp())
assert_close(torch.func.vmap(FuncExp.apply)(points.view(2, 2)), points.exp().view(2, 2))
x.grad = None
FuncExp.apply(x).sum().backward()  # plain backward() works as before
assert_close(x.grad, points.exp())
print("torch.func.grad and vmap on FuncExp: ok")


# gradcheck earns its keep by catching a wrong backward.
class WrongExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.exp()

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * x  # wrong: that is the derivative of x^2 / 2, not of e^x


(wrong_grad,) = torch.autograd.grad(WrongExp.apply(inputs).sum(), inputs)
assert_close(wrong_grad, inputs.detach())  # the gradient it claims: x, not e^x
passed = gradcheck(WrongExp.apply, (inputs,), raise_exception=False)
print("gradcheck on WrongExp:", passed)
assert not passed
try:
    gradcheck(WrongExp.apply, (inputs,))  # by default it raises, showing both Jacobians
except GradcheckError as err:
    assert "numerical:" in str(err) and "analytical:" in str(err)
    print("gradcheck on WrongExp, by default: GradcheckError:", str(err).split(",")[0])
else:
    raise AssertionError("gradcheck should raise on a wrong backward by default")
