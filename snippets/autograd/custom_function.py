"""Custom autograd.Function: ReLU, Exp that saves its output, and a gradient-reversal layer."""

# %% clamp-relu
import torch
from torch.autograd import gradcheck
from torch.autograd.gradcheck import GradcheckError  # a subclass of RuntimeError

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


# %% apply
x = torch.tensor([-1.5, -0.5, 0.5, 2.0], requires_grad=True)
y = ClampReLU.apply(x)  # (1)!
y.sum().backward()
print("ClampReLU(x):", y.detach(), " x.grad:", x.grad)

# %% check
torch.testing.assert_close(y, torch.relu(x))
torch.testing.assert_close(x.grad, torch.tensor([0.0, 0.0, 1.0, 1.0]))


# %% exp
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)  # (1)!
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result  # d(e^x)/dx = e^x


# %% reverse-grad
class ReverseGrad(torch.autograd.Function):
    """Identity going forward; going backward, the gradient is flipped and scaled."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale  # (1)!
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return -ctx.scale * grad_output, None  # (2)!


# %% reverse-use
x.grad = None
out = ReverseGrad.apply(x, 2.0)
(out**2).sum().backward()
print("ReverseGrad(x, 2.0):", out.detach())
print("x.grad:", x.grad)

# %% check
torch.testing.assert_close(out, x)
torch.testing.assert_close(x.grad, -2.0 * 2 * x.detach())  # minus scale times the usual 2x

# %% gradcheck
inputs = torch.randn(8, dtype=torch.float64)
inputs = (inputs + inputs.sign() * 0.1).requires_grad_()  # (1)!
print("gradcheck ClampReLU:", gradcheck(ClampReLU.apply, (inputs,)))
print("gradcheck Exp:", gradcheck(Exp.apply, (inputs,)))


# %% gradcheck-reverse
def reversed_as_a_function(t, scale=0.5):
    return ReverseGrad.apply(t, scale) - (1 + scale) * t.detach()  # (1)!


print("gradcheck ReverseGrad, as -scale * x:", gradcheck(reversed_as_a_function, (inputs,)))
as_identity = gradcheck(lambda t: ReverseGrad.apply(t, 0.5), (inputs,), raise_exception=False)
print("gradcheck ReverseGrad, as the identity:", as_identity)

# %% second-derivative
(first,) = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)  # (1)!
(second,) = torch.autograd.grad(first.sum(), x)
print("second derivative of Exp:", second)
print("e^x:                     ", x.detach().exp())

# %% check
torch.testing.assert_close(first, x.detach().exp())  # Exp matches torch.exp, value and gradient
torch.testing.assert_close(second, x.detach().exp())  # the second derivative of e^x is e^x

# %% saved-guard
out = Exp.apply(x)
with torch.no_grad():
    out.mul_(2)  # changes the output that Exp saved for backward
try:
    out.sum().backward()
except RuntimeError as err:
    print("saved tensor changed in place: RuntimeError:", str(err).split(":")[0])

# %% func-refuses
try:
    torch.func.grad(lambda t: Exp.apply(t).sum())(x.detach())
except RuntimeError as err:
    print("torch.func.grad on Exp: RuntimeError:", str(err).split(". ")[0])


# %% func-exp
class FuncExp(torch.autograd.Function):
    """Exp again, written for torch.func: forward takes no ctx, setup_context saves."""

    generate_vmap_rule = True  # (1)!

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


# %% func-use
points = x.detach()
print("torch.func.grad:", torch.func.grad(lambda t: FuncExp.apply(t).sum())(points))
print("torch.func.vmap:", torch.func.vmap(FuncExp.apply)(points.view(2, 2)))
x.grad = None
FuncExp.apply(x).sum().backward()  # plain backward() works as before
print("backward():     ", x.grad)

# %% check
torch.testing.assert_close(torch.func.grad(lambda t: FuncExp.apply(t).sum())(points), points.exp())
torch.testing.assert_close(
    torch.func.vmap(FuncExp.apply)(points.view(2, 2)), points.exp().view(2, 2)
)
torch.testing.assert_close(x.grad, points.exp())


# %% wrong-exp
class WrongExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.exp()

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * x  # wrong: that is the derivative of x^2 / 2, not of e^x


# %% catch-wrong
print("gradcheck on WrongExp:", gradcheck(WrongExp.apply, (inputs,), raise_exception=False))
try:
    gradcheck(WrongExp.apply, (inputs,))  # by default it raises, showing both Jacobians
except GradcheckError as err:
    message = str(err)
    print("gradcheck on WrongExp, by default: GradcheckError:", message.split(",")[0])

# %% check
assert "numerical:" in message and "analytical:" in message
(wrong_grad,) = torch.autograd.grad(WrongExp.apply(inputs).sum(), inputs)
torch.testing.assert_close(wrong_grad, inputs.detach())  # the gradient it claims: x, not e^x
