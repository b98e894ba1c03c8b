"""torch.compile: Dynamo captures the graph, Inductor turns it into code; and what recompiles."""

import operator

import torch
import torch.nn.functional as F
from torch import nn
from torch.testing import assert_close

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 10)).eval()
compiled = torch.compile(model)  # (1)!
x = torch.randn(16, 32)

with torch.no_grad():
    expected = model(x)
    first = compiled(x)  # (2)!
    again = [compiled(x) for _ in range(3)]  # (3)!
assert_close(first, expected)  # (4)!
for result in again:
    assert torch.equal(result, first)
# An internal counter (not a stable API), fine for looking: how many graphs were compiled.
compiled_graphs = torch._dynamo.utils.counters["stats"]["unique_graphs"]
print("compiled output matches eager (assert_close): True")
print(f"calls: {1 + len(again)}, graphs compiled: {compiled_graphs}")
assert compiled_graphs == 1

# The wrapper keeps the model as _orig_mod, so its state_dict keys carry that prefix.
keys = list(compiled.state_dict())
print(f"torch.compile(model).state_dict() keys: {keys}")  # (5)!
assert compiled._orig_mod is model and keys == [f"_orig_mod.{key}" for key in model.state_dict()]
fresh = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 10)).eval()
try:
    fresh.load_state_dict(compiled.state_dict())
except RuntimeError as error:  # an uncompiled model does not know the prefixed keys
    assert "Unexpected key(s)" in str(error) and "_orig_mod.0.weight" in str(error)
else:
    raise AssertionError("the prefixed keys should not load")
fresh.load_state_dict({k.removeprefix("_orig_mod."): v for k, v in compiled.state_dict().items()})

# Module.compile() compiles in place: the same object, its type and its keys unchanged.
fresh.compile()  # (6)!
with torch.no_grad():
    assert_close(fresh(x), expected)
print(f"after fresh.compile(): {type(fresh).__name__}, keys {list(fresh.state_dict())}")
assert type(fresh) is nn.Sequential and list(fresh.state_dict()) == list(model.state_dict())
assert torch._dynamo.utils.counters["stats"]["unique_graphs"] == 2  # it did compile

# What Dynamo captures: a backend is any function that takes the captured graph (a
# torch.fx.GraphModule) and returns something to call instead. This one records the graph and
# runs it eagerly (no Inductor), so it is quick. Dynamo decides the guards and recompiles, so
# they are largely those of Inductor (which, with AOTAutograd, may add a few of its own).
graphs = []


def eager_counted(graph_module, example_inputs):
    graphs.append(graph_module)
    return graph_module.forward


def block(x):
    return F.gelu(x) * 2 + x.sum(dim=1, keepdim=True)


torch.compile(block, backend=eager_counted)(x)
ops = [node.target for node in graphs[0].graph.nodes if node.op.startswith("call_")]
print("ops in the captured graph:", [getattr(op, "__name__", op) for op in ops])
assert ops == [F.gelu, operator.mul, "sum", operator.add] and len(graphs) == 1

# Recompiles: a new input shape may mean a new graph.
counts = {}
for dynamic in (False, None, True):
    torch.compiler.reset()  # (7)!
    graphs.clear()
    compiled_block = torch.compile(block, backend=eager_counted, dynamic=dynamic)
    for rows in (16, 17, 18, 19):
        batch = torch.randn(rows, 8)
        assert_close(compiled_block(batch), block(batch))
    counts[dynamic] = len(graphs)
    print(f"dynamic={dynamic!s:<5} 4 batch sizes -> graphs compiled: {counts[dynamic]}")
assert counts == {False: 4, None: 2, True: 1}  # (8)!

# A graph break: Dynamo cannot put print() in a graph, so it splits the function in two.
graphs.clear()


def logs_in_the_middle(x):
    y = x * 2
    print("graph break here: print() runs in Python")
    return y + 1


assert_close(torch.compile(logs_in_the_middle, backend=eager_counted)(x), x * 2 + 1)
print(f"graphs for one function with print() inside: {len(graphs)}")
assert len(graphs) == 2

# fullgraph=True turns a graph break into an error: for code that must be one whole graph.
torch.compiler.reset()  # forget what was compiled above: fullgraph applies when Dynamo compiles
graphs.clear()
try:
    torch.compile(logs_in_the_middle, backend=eager_counted, fullgraph=True)(x)  # (9)!
except RuntimeError as error:  # torch._dynamo.exc.Unsupported, a RuntimeError
    failure, message = type(error).__name__, str(error)
else:
    raise AssertionError("fullgraph=True should raise at the graph break")
print(f"fullgraph=True raises {failure}: {message.splitlines()[0]}")
assert failure == "Unsupported" and "`print`" in message and not graphs  # nothing compiled
