"""torch.compile: Dynamo captures the graph, Inductor turns it into code; and what recompiles."""

# %% compile
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 10)).eval()
compiled = torch.compile(model)  # (1)!
x = torch.randn(16, 32)
with torch.no_grad():
    expected = model(x)
    first = compiled(x)  # (2)!
    again = [compiled(x) for _ in range(3)]  # (3)!
# An internal counter (not a stable API), fine for looking: how many graphs were compiled.
compiled_graphs = torch._dynamo.utils.counters["stats"]["unique_graphs"]
print("compiled output matches eager:", torch.allclose(first, expected, atol=1e-5))
print(f"calls: {1 + len(again)}, graphs compiled: {compiled_graphs}")

# %% check
from torch.testing import assert_close

assert_close(first, expected)  # fused kernels may sum in another order: close, maybe not equal
for result in again:
    assert torch.equal(result, first)
assert compiled_graphs == 1

# %% state-dict
keys = list(compiled.state_dict())
print(f"torch.compile(model).state_dict() keys: {keys}")  # (1)!
fresh = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 10)).eval()
try:
    fresh.load_state_dict(compiled.state_dict())
except RuntimeError as error:  # an uncompiled model does not know the prefixed keys
    message = str(error)
    print("RuntimeError:", message)
fresh.load_state_dict({k.removeprefix("_orig_mod."): v for k, v in compiled.state_dict().items()})

# %% check
assert compiled._orig_mod is model and keys == [f"_orig_mod.{key}" for key in model.state_dict()]
assert "Unexpected key(s)" in message and "_orig_mod.0.weight" in message

# %% module-compile
fresh.compile()  # (1)!
with torch.no_grad():
    print("fresh matches eager:", torch.allclose(fresh(x), expected, atol=1e-5))
print(f"after fresh.compile(): {type(fresh).__name__}, keys {list(fresh.state_dict())}")

# %% check
with torch.no_grad():
    assert_close(fresh(x), expected)
assert type(fresh) is nn.Sequential and list(fresh.state_dict()) == list(model.state_dict())
assert fresh._compiled_call_impl is not None  # it did compile

# %% backend
graphs = []


def eager_counted(graph_module, example_inputs):
    graphs.append(graph_module)
    return graph_module.forward


def block(x):
    return F.gelu(x) * 2 + x.sum(dim=1, keepdim=True)


torch.compile(block, backend=eager_counted)(x)
ops = [node.target for node in graphs[0].graph.nodes if node.op.startswith("call_")]
print("ops in the captured graph:", [getattr(op, "__name__", op) for op in ops])

# %% check
import operator

assert ops == [F.gelu, operator.mul, "sum", operator.add] and len(graphs) == 1

# %% recompiles
counts, pairs = {}, []
for dynamic in (False, None, True):
    torch.compiler.reset()  # (1)!
    graphs.clear()
    compiled_block = torch.compile(block, backend=eager_counted, dynamic=dynamic)
    for rows in (16, 17, 18, 19):
        batch = torch.randn(rows, 8)
        pairs.append((compiled_block(batch), block(batch)))
    counts[dynamic] = len(graphs)
    print(f"dynamic={dynamic!s:<5} 4 batch sizes -> graphs compiled: {counts[dynamic]}")

# %% check
for result, reference in pairs:
    assert_close(result, reference)
assert counts == {False: 4, None: 2, True: 1}

# %% graph-break
graphs.clear()


def logs_in_the_middle(x):
    y = x * 2
    print("graph break here: print() runs in Python")
    return y + 1


result = torch.compile(logs_in_the_middle, backend=eager_counted)(x)
print(f"graphs for one function with print() inside: {len(graphs)}")

# %% check
assert_close(result, x * 2 + 1)
assert len(graphs) == 2

# %% fullgraph
torch.compiler.reset()  # forget what was compiled above: fullgraph applies when Dynamo compiles
graphs.clear()
try:
    torch.compile(logs_in_the_middle, backend=eager_counted, fullgraph=True)(x)  # (1)!
except RuntimeError as error:  # torch._dynamo.exc.Unsupported, a RuntimeError
    failure, message = type(error).__name__, str(error)
    print(f"fullgraph=True raises {failure}: {message.splitlines()[0]}")

# %% check
assert failure == "Unsupported" and "`print`" in message and not graphs  # nothing compiled
