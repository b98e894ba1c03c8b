"""Troubleshooting chapter: every error demo really prints the error its page quotes, every fix
really works, the silent bugs are really caught by their measurements, and the symptom index
quotes only messages the snippets produce.

Each snippet runs here in this process as ``__main__``, its prints credited to its steps
(``tools/cells.py``) just as in its captured output, so a demo that stopped raising fails here
even before anyone re-captures; tests/test_snippets.py runs each one as a reader would and
compares what it prints with the page.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import warnings

import pytest
import torch

from tools import cells
from tools.snippets import DOCS, SNIPPETS

CHAPTER = SNIPPETS / "troubleshooting"
PAGES = DOCS / "troubleshooting"


def run(topic: str) -> tuple[dict[str, str], dict]:
    """Run a snippet: what each step printed, and the names it left behind."""
    path = CHAPTER / f"{topic}.py"
    source = path.read_text(encoding="utf-8")
    printed, namespace = io.StringIO(), {"__name__": "__main__", "__file__": str(path)}
    stdout = cells.CellStdout(printed, str(path), source)
    with contextlib.redirect_stdout(stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the snippets that show a warning catch it themselves
        exec(compile(source, str(path), "exec"), namespace)
    return cells.split_output(printed.getvalue()), namespace


@pytest.fixture(autouse=True)
def figures_in_tmp(monkeypatch, tmp_path):
    """The snippets run here write their figures into a scratch folder, not the checkout."""
    monkeypatch.setenv("PYTORCH_NOTES_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")


@functools.cache
def ran(topic: str) -> tuple[dict[str, str], dict]:
    return run(topic)  # once per worker: a topic's steps and names come from the same run


def steps(topic: str) -> dict[str, str]:
    return ran(topic)[0]


def names(topic: str) -> dict:
    return ran(topic)[1]


TOPICS = sorted(
    p.stem for p in CHAPTER.glob("*.py") if cells.has_cells(p.read_text(encoding="utf-8"))
)

# (topic, step, the start of the line it prints: the error's type and message as PyTorch or
# Python word it)
ERRORS = [
    ("python_mistakes", "missing-brackets",
     "TypeError: descriptor '__init__' of 'super' object needs an argument"),
    ("python_mistakes", "wrong-order",
     "AttributeError: cannot assign module before Module.__init__() call"),
    ("attribute_typos", "save-tensors",
     "AttributeError: 'BrokenSquareBackward' object has no attribute 'save_tensors'"),
    ("attribute_typos", "grad-call", "TypeError: 'Tensor' object is not callable"),
    ("attribute_typos", "grad-zero", "AttributeError: 'SGD' object has no attribute 'grad_zero'"),
    ("attribute_typos", "paramters",
     "AttributeError: 'Linear' object has no attribute 'paramters'"),
    ("attribute_typos", "nn-torch", "AttributeError: module 'torch.nn' has no attribute 'torch'"),
    ("conv_channels", "channels",
     "RuntimeError: Given groups=1, weight of size [64, 64, 3, 3], expected input[1, 128, 16, 16] "
     "to have 64 channels, but got 128 channels instead"),
    ("conv_channels", "odd-size",
     "RuntimeError: Sizes of tensors must match except in dimension 1. "
     "Expected size 16 but got size 17"),
    ("linear_after_conv", "guessed",
     "RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x1352 and 6272x10)"),
    ("cross_entropy_targets", "float-labels", "RuntimeError: expected target dtype to be Long"),
    ("cross_entropy_targets", "one-hot",
     "RuntimeError: Expected floating point type for target with class probabilities, got Long"),
    ("cross_entropy_targets", "mask-with-channel",
     "RuntimeError: only batches of spatial targets supported (3D tensors) "
     "but got targets of dimension: 4"),
    ("cross_entropy_targets", "labels-from-one", "IndexError: Target 3 is out of bounds."),
    ("optimizer_params", "bare-tensor",
     "TypeError: params argument given to the optimizer should be an iterable of Tensors or "
     "dicts, but got torch.FloatTensor"),
    ("forward_return", "errors-further-down",
     "TypeError: cross_entropy_loss(): argument 'input' (position 1) must be Tensor, "
     "not NoneType"),
    ("forward_return", "errors-further-down",
     "AttributeError: 'NoneType' object has no attribute 'argmax'"),
    ("dtype_view_numpy", "float64",
     "RuntimeError: mat1 and mat2 must have the same dtype, but got Double and Float"),
    ("dtype_view_numpy", "view",
     "RuntimeError: view size is not compatible with input tensor's size and stride"),
    ("dtype_view_numpy", "numpy",
     "RuntimeError: Can't call numpy() on Tensor that requires grad. "
     "Use tensor.detach().numpy() instead."),
    ("autograd_errors", "backward-twice",
     "RuntimeError: Trying to backward through the graph a second time"),
    ("autograd_errors", "inplace-saved",
     "RuntimeError: one of the variables needed for gradient computation has been modified by an "
     "inplace operation"),
    ("autograd_errors", "inplace-leaf",
     "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."),
    ("eval_mode", "single-sample",
     "ValueError: Expected more than 1 value per channel when training"),
    ("imagefolder_channels", "three-channels",
     "RuntimeError: Given groups=1, weight of size [4, 1, 3, 3], expected input[4, 3, 8, 8] "
     "to have 1 channels, but got 3 channels instead"),
    ("dataloader_main_guard", "unguarded",
     "worker:       RuntimeError: An attempt has been made to start a new process before the "
     "current process has finished its bootstrapping phase."),
    ("dataloader_main_guard", "unguarded",
     "main process: RuntimeError: DataLoader worker (pid(s) …) exited unexpectedly"),
    ("nan_log_softmax", "anomaly",
     "RuntimeError: Function 'LogBackward0' returned nan values in its 0th output."),
    ("memory_budget", "cpu-oom",
     "RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't "
     "allocate memory"),
]  # fmt: skip

# The errors that only a GPU raises: on a CPU these steps print that nothing went wrong.
GPU_ERRORS = [
    ("device_mismatch", "batch-on-cpu",
     "RuntimeError: Expected all tensors to be on the same device"),
    ("device_mismatch", "numpy-on-gpu", "TypeError: can't convert cuda"),
]  # fmt: skip
NEEDS_CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
PRINTS_AN_ERROR = re.compile(r'Error:"')  # print("RuntimeError:", err) and the like


def printed_line(printed: str, start: str) -> bool:
    return any(line.startswith(start) for line in printed.splitlines())


@pytest.mark.parametrize(
    ("topic", "step", "message"), ERRORS, ids=[f"{t}:{s}:{m.split(':')[0]}" for t, s, m in ERRORS]
)
def test_each_error_demo_prints_the_error_its_page_quotes(topic, step, message):
    printed = steps(topic).get(step, "")
    assert printed_line(printed, message), f"{topic}:{step} printed {printed!r}"


def test_every_error_demo_is_tested():
    """Every step that prints an error is listed above, with the message it prints."""
    tested = {(t, s) for t, s, _ in ERRORS + GPU_ERRORS}
    found = {
        (topic, cell.name)
        for topic in TOPICS
        for cell in cells.parse((CHAPTER / f"{topic}.py").read_text(encoding="utf-8"))
        if cell.is_step and PRINTS_AN_ERROR.search(cell.code)
    }
    assert found == tested, f"untested: {found - tested}; gone: {tested - found}"


# Trainings that raise nothing and whose names no test here reads: tests/test_snippets.py runs
# them (and so their checks) as a reader would; running them here again would only cost minutes.
CURVES_ONLY = {"learning_curves", "loss_not_decreasing", "overfitting"}


@pytest.mark.parametrize("topic", sorted(set(TOPICS) - CURVES_ONLY))
def test_fixed_code_runs_and_passes_its_checks(topic):
    """The fixes run outside any try, and the check cells prove what the page says of them."""
    assert steps(topic)


@pytest.mark.snippet("troubleshooting/softmax_dim")
def test_softmax_over_the_batch_is_caught_by_the_per_sample_sum():
    snippet, ones = names("softmax_dim"), torch.ones(4)
    assert not torch.allclose(snippet["wrong"].sum(dim=1), ones)
    torch.testing.assert_close(snippet["right"].sum(dim=1), ones)


@pytest.mark.snippet("troubleshooting/zero_grad")
def test_forgetting_zero_grad_makes_the_gradient_grow_step_by_step():
    snippet = names("zero_grad")
    assert [round(ratio) for ratio in snippet["piling_up"]] == [1, 2, 3, 4]
    for where in ("before forward", "after forward"):
        assert snippet["gradient_ratios"](where) == [1.0] * snippet["STEPS"]


@pytest.mark.snippet("troubleshooting/eval_mode")
def test_forgetting_eval_changes_predictions_and_running_statistics():
    snippet = names("eval_mode")
    assert snippet["difference"] > 0.01 and snippet["moved"]


@pytest.mark.snippet("troubleshooting/imagefolder_channels")
def test_imagefolder_gives_three_channels_until_grayscale():
    printed = steps("imagefolder_channels")
    assert printed["grayscale-files"].startswith("cat/0.png: L ")  # the files really are gray
    assert printed_line(printed["three-channels"], "batch shape: (4, 3, 8, 8)")
    assert names("imagefolder_channels")["images"].shape == (4, 1, 8, 8)


@pytest.mark.snippet("troubleshooting/dataloader_main_guard")
def test_dataloader_with_main_guard_works():
    assert steps("dataloader_main_guard")["guarded"] == "exit code: 0 | printed: 28.0\n"


def test_the_two_dataloader_scripts_differ_only_by_the_guard():
    snippet = names("dataloader_main_guard")
    assert 'if __name__ == "__main__":' in snippet["GUARDED"]
    assert "__main__" not in snippet["UNGUARDED"]
    assert 'multiprocessing_context="spawn"' in snippet["UNGUARDED"]


@pytest.mark.snippet("troubleshooting/device_mismatch")
@NEEDS_CUDA
@pytest.mark.gpu
def test_gpu_only_errors(monkeypatch):
    monkeypatch.setenv("PYTORCH_NOTES_DEVICE", "cuda")
    printed, _ = run("device_mismatch")
    for _, step, message in GPU_ERRORS:
        assert printed_line(printed[step], message), f"{step} printed {printed[step]!r}"


def printed_by_snippets() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CHAPTER.glob("*.output.txt"))


def is_real(message: str, printed: str) -> bool:
    """Printed by a snippet (a "…" stands for a part that varies), or, for the GPU-only errors,
    containing the text their GPU test matches."""
    fragments = [part for part in message.split("…") if part.strip()]
    return all(part in printed for part in fragments) or any(
        gpu_line.partition(": ")[2] in message for *_, gpu_line in GPU_ERRORS
    )


def quoted_messages(page):
    """The `code` spans that open the rows of the symptom table."""
    rows = [
        line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("| `")
    ]
    return [re.match(r"\| `(.+?)` \|", row)[1] for row in rows]


@pytest.mark.parametrize("page", ["index.md", "index.en.md"])
def test_the_symptom_index_quotes_real_messages(page):
    """The table cannot drift from what PyTorch says: each message must have been printed."""
    printed = printed_by_snippets()
    messages = quoted_messages(PAGES / page)
    assert len(messages) >= 20
    for message in messages:
        assert is_real(message, printed), f"{page} quotes {message!r}, which no snippet prints"


def test_both_index_pages_quote_the_same_messages():
    assert quoted_messages(PAGES / "index.md") == quoted_messages(PAGES / "index.en.md")


ERROR_SPAN = re.compile(r"`((?:[A-Z]\w*Error): [^`]+)`")


def symptoms(page) -> list[str]:
    """The error messages quoted in the page's **Symptom** / **症状** paragraphs."""
    paragraphs = page.read_text(encoding="utf-8").split("\n\n")
    return [
        message
        for paragraph in paragraphs
        if paragraph.startswith(("**Symptom**", "**症状**"))
        for message in ERROR_SPAN.findall(paragraph)
    ]


# Pages about training that runs but learns badly: their symptoms are curves, not messages.
WITHOUT_ERRORS = {"overfitting", "loss-not-decreasing", "learning-curves"}


@pytest.mark.parametrize(
    "page", sorted(p.name for p in PAGES.glob("*.md") if not p.name.startswith("index"))
)
def test_every_symptom_quotes_a_real_message(page):
    printed = printed_by_snippets()
    quoted = symptoms(PAGES / page)
    assert quoted or page.split(".")[0] in WITHOUT_ERRORS, f"{page} quotes no error message"
    for message in quoted:
        assert is_real(message, printed), f"{page} quotes {message!r}, which no snippet prints"


@pytest.mark.parametrize(
    "page", sorted(p.name for p in PAGES.glob("*.md") if not p.name.endswith(".en.md"))
)
def test_both_languages_quote_the_same_symptoms(page):
    twin = page.removesuffix(".md") + ".en.md"
    assert symptoms(PAGES / page) == symptoms(PAGES / twin)
