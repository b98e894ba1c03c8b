"""Troubleshooting chapter: every broken_* function really raises the error its page quotes,
every fixed() really works, the silent bugs are really caught by their measurements, and the
symptom index quotes only messages the snippets produce.

Snippets are loaded in this process with runpy (run_name="not_main", so their demo part does not
run); tests/test_snippets.py already runs each one as a reader would.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import runpy

import pytest
import torch

from tools.snippets import DOCS, SNIPPETS, exec_quietly, with_line_replaced

CHAPTER = SNIPPETS / "troubleshooting"
PAGES = DOCS / "troubleshooting"


@functools.cache
def load(topic: str) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(CHAPTER / f"{topic}.py"), run_name="not_main")


def call(topic: str, function: str, *args):
    with contextlib.redirect_stdout(io.StringIO()):
        return load(topic)[function](*args)


# (topic, broken function, exception type, the start of its message as PyTorch/Python word it)
ERRORS = [
    ("python_mistakes", "broken_missing_brackets", TypeError,
     "descriptor '__init__' of 'super' object needs an argument"),
    ("python_mistakes", "broken_wrong_order", AttributeError,
     "cannot assign module before Module.__init__() call"),
    ("attribute_typos", "broken_save_tensors", AttributeError,
     "'BrokenSquareBackward' object has no attribute 'save_tensors'"),
    ("attribute_typos", "broken_grad_call", TypeError, "'Tensor' object is not callable"),
    ("attribute_typos", "broken_grad_zero", AttributeError,
     "'SGD' object has no attribute 'grad_zero'"),
    ("attribute_typos", "broken_paramters", AttributeError,
     "'Linear' object has no attribute 'paramters'"),
    ("attribute_typos", "broken_nn_torch", AttributeError,
     "module 'torch.nn' has no attribute 'torch'"),
    ("conv_channels", "broken_channels", RuntimeError,
     "Given groups=1, weight of size [64, 64, 3, 3], expected input[1, 128, 16, 16] "
     "to have 64 channels, but got 128 channels instead"),
    ("conv_channels", "broken_odd_size", RuntimeError,
     "Sizes of tensors must match except in dimension 1. Expected size 16 but got size 17"),
    ("linear_after_conv", "broken", RuntimeError,
     "mat1 and mat2 shapes cannot be multiplied (4x1352 and 6272x10)"),
    ("cross_entropy_targets", "broken_float_labels", RuntimeError,
     "expected target dtype to be Long"),
    ("cross_entropy_targets", "broken_one_hot", RuntimeError,
     "Expected floating point type for target with class probabilities, got Long"),
    ("cross_entropy_targets", "broken_mask_with_channel", RuntimeError,
     "only batches of spatial targets supported (3D tensors) but got targets of dimension: 4"),
    ("cross_entropy_targets", "broken_labels_from_one", IndexError, "Target 3 is out of bounds."),
    ("optimizer_params", "broken_bare_tensor", TypeError,
     "params argument given to the optimizer should be an iterable of Tensors or dicts, "
     "but got torch.FloatTensor"),
    ("forward_return", "broken_loss", TypeError,
     "cross_entropy_loss(): argument 'input' (position 1) must be Tensor, not NoneType"),
    ("forward_return", "broken_argmax", AttributeError,
     "'NoneType' object has no attribute 'argmax'"),
    ("dtype_view_numpy", "broken_float64_input", RuntimeError,
     "mat1 and mat2 must have the same dtype, but got Double and Float"),
    ("dtype_view_numpy", "broken_view_after_transpose", RuntimeError,
     "view size is not compatible with input tensor's size and stride"),
    ("dtype_view_numpy", "broken_numpy_of_tracked_tensor", RuntimeError,
     "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ("autograd_errors", "broken_backward_twice", RuntimeError,
     "Trying to backward through the graph a second time"),
    ("autograd_errors", "broken_inplace_on_saved_output", RuntimeError,
     "one of the variables needed for gradient computation has been modified by an inplace "
     "operation"),
    ("autograd_errors", "broken_inplace_on_leaf", RuntimeError,
     "a leaf Variable that requires grad is being used in an in-place operation."),
    ("eval_mode", "broken_single_sample", ValueError,
     "Expected more than 1 value per channel when training"),
]  # fmt: skip

# The functions whose failure only shows on a GPU, and those that fail without raising.
GPU_ERRORS = [
    ("device_mismatch", "broken_batch_on_cpu", RuntimeError,
     "Expected all tensors to be on the same device"),
    ("device_mismatch", "broken_numpy_on_gpu", TypeError, "can't convert cuda"),
]  # fmt: skip
# The CPU lane deselects `gpu` tests; a plain `pytest tests/...` on a CPU machine skips them.
NEEDS_CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
SILENT = {("softmax_dim", "broken"), ("zero_grad", "broken"), ("eval_mode", "broken_predictions")}
SEPARATE = {("imagefolder_channels", "broken"), ("dataloader_main_guard", "broken")}


@pytest.mark.parametrize(
    ("topic", "function", "error", "message"), ERRORS, ids=[f"{t}:{f}" for t, f, *_ in ERRORS]
)
def test_broken_code_raises_the_quoted_error(topic, function, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        call(topic, function)


def test_every_broken_function_is_tested():
    tested = {(t, f) for t, f, *_ in ERRORS + GPU_ERRORS} | SILENT | SEPARATE
    found = {
        (path.stem, name)
        for path in CHAPTER.glob("*.py")
        for name in load(path.stem)
        if name.startswith("broken")
    }
    assert found == tested, f"untested: {found - tested}; gone: {tested - found}"


@pytest.mark.parametrize(
    ("topic", "function"),
    [
        ("python_mistakes", "fixed"),
        ("attribute_typos", "fixed"),
        ("conv_channels", "fixed"),
        ("linear_after_conv", "fixed_by_measuring"),
        ("linear_after_conv", "fixed_with_lazy_linear"),
        ("cross_entropy_targets", "fixed"),
        ("optimizer_params", "fixed"),
        ("forward_return", "fixed"),
        ("dtype_view_numpy", "fixed"),
        ("autograd_errors", "fixed"),
        ("eval_mode", "fixed"),
        ("device_mismatch", "fixed"),
    ],
)
def test_fixed_code_runs_and_passes_its_checks(topic, function):
    call(topic, function)


def test_softmax_over_the_batch_is_caught_by_the_per_sample_sum():
    snippet = load("softmax_dim")
    ones = torch.ones(4)
    assert not torch.allclose(snippet["per_sample_sums"](snippet["broken"]()), ones)
    torch.testing.assert_close(snippet["per_sample_sums"](snippet["fixed"]()), ones)


def test_forgetting_zero_grad_makes_the_gradient_grow_step_by_step():
    broken, fixed = call("zero_grad", "broken"), call("zero_grad", "fixed")
    assert [round(ratio) for ratio in broken] == [1, 2, 3, 4]
    assert fixed == [1.0] * len(fixed)


def test_forgetting_eval_changes_predictions_and_running_statistics():
    difference, running_mean_moved = call("eval_mode", "broken_predictions")
    assert difference > 0.01 and running_mean_moved


def test_imagefolder_gives_three_channels_until_grayscale(tmp_path):
    import numpy as np
    from PIL import Image

    snippet = load("imagefolder_channels")
    pixels = snippet["make_folder"](tmp_path)
    with Image.open(tmp_path / "cat" / "0.png") as image:  # the files really are grayscale
        assert image.mode == "L"
        assert torch.equal(torch.from_numpy(np.array(image)), pixels["cat/0.png"])
    with pytest.raises(RuntimeError, match=re.escape("to have 1 channels, but got 3 channels")):
        call("imagefolder_channels", "broken", tmp_path)
    images = call("imagefolder_channels", "fixed", tmp_path, pixels)
    assert images.shape == (4, 1, 8, 8)


def test_dataloader_without_main_guard_fails_under_spawn():
    bootstrapping = (
        r"An attempt has been made to start a new process before the\s+"
        r"current process has finished its bootstrapping phase"
    )
    with pytest.raises(RuntimeError, match=bootstrapping):
        call("dataloader_main_guard", "broken")


def test_dataloader_with_main_guard_works():
    assert call("dataloader_main_guard", "fixed") == "28.0"


def test_the_two_dataloader_scripts_differ_only_by_the_guard():
    snippet = load("dataloader_main_guard")
    assert 'if __name__ == "__main__":' in snippet["GUARDED"]
    assert "__main__" not in snippet["UNGUARDED"]
    assert 'multiprocessing_context="spawn"' in snippet["UNGUARDED"]


@NEEDS_CUDA
@pytest.mark.gpu
@pytest.mark.parametrize(
    ("topic", "function", "error", "message"),
    GPU_ERRORS,
    ids=[f"{t}:{f}" for t, f, *_ in GPU_ERRORS],
)
def test_gpu_only_errors(topic, function, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        call(topic, function, "cuda")
    call(topic, "fixed", "cuda")


# (snippet, a line of the fix as written, what it becomes): each change must fail the snippet.
KEY_LINES = [
    ("python_mistakes", "super().__init__()  # (3)!", "pass"),
    ("attribute_typos", "ctx.save_for_backward(x)", "pass"),
    ("attribute_typos", "optimizer.zero_grad()  # (4)!", "pass"),
    ("conv_channels", "double_conv(64 + 64, 64)", "double_conv(64, 64)"),
    ("conv_channels", "upsampled = F.pad(", "upsampled = (lambda u, _: u)("),
    ("linear_after_conv", "nn.Linear(flat.shape[1], 10)", "nn.Linear(8 * 28 * 28, 10)"),
    ("cross_entropy_targets", "float_labels.long())", "float_labels)"),
    ("cross_entropy_targets", "one_hot.argmax(dim=1))", "one_hot)"),
    ("cross_entropy_targets", "mask.squeeze(1))", "mask)"),
    ("cross_entropy_targets", "labels_from_one - 1  # (8)!", "labels_from_one  # (8)!"),
    ("optimizer_params", "torch.optim.SGD([weight], lr=0.1)", "torch.optim.SGD(weight, lr=0.1)"),
    ("optimizer_params", "optimizer.step()", "pass"),
    ("forward_return", "return x  # (2)!", "pass"),
    (
        "dtype_view_numpy",
        "torch.from_numpy(features).float()  # (4)!",
        "torch.from_numpy(features)",
    ),
    ("dtype_view_numpy", "transposed.reshape(-1)", "transposed.view(-1)"),
    ("dtype_view_numpy", "predictions.detach().cpu()", "predictions.cpu()"),
    ("autograd_errors", ".backward(retain_graph=True)", ".backward()"),
    ("autograd_errors", "(scores * keep).sum()", "scores.mul_(keep).sum()"),
    ("autograd_errors", "with torch.no_grad():  # (7)!", "if True:"),
    ("softmax_dim", "torch.softmax(logits, dim=1)  # (2)!", "torch.softmax(logits, dim=0)"),
    ("zero_grad", "optimizer.zero_grad()  # (1)!", "pass"),
    ("zero_grad", "optimizer.zero_grad()  # just as good", "pass  #"),
    ("autograd_errors", ".masked_fill(keep == 0, 0)", ""),
    ("eval_mode", "model.eval()  # (2)!", "pass"),
    ("imagefolder_channels", "v2.Grayscale(num_output_channels=1),", ""),
    # Without the move a CPU-only machine sees no difference: this one needs the GPU lane.
    pytest.param(
        "device_mismatch",
        "model(batch.to(model_device))",
        "model(batch)",
        marks=[pytest.mark.gpu, NEEDS_CUDA],
    ),
]


def values(case):
    return case.values if hasattr(case, "values") else case


@pytest.mark.parametrize(
    ("topic", "original", "mutated"),
    KEY_LINES,
    ids=[
        f"{topic}:{original.split('#')[0].strip()[:40]}"
        for topic, original, _ in map(values, KEY_LINES)
    ],
)
def test_breaking_the_fix_fails_the_snippet(topic, original, mutated):
    code = with_line_replaced(CHAPTER / f"{topic}.py", original, mutated)
    with pytest.raises((AssertionError, AttributeError, RuntimeError, TypeError, ValueError)):
        exec_quietly(code)


def printed_by_snippets() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CHAPTER.glob("*.output.txt"))


def is_real(message: str, printed: str) -> bool:
    """Printed by a snippet (a "…" stands for a part that varies), or, for the GPU-only errors,
    containing the text their GPU test matches."""
    fragments = [part for part in message.split("…") if part.strip()]
    return all(part in printed for part in fragments) or any(
        gpu_message in message for *_, gpu_message in GPU_ERRORS
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


@pytest.mark.parametrize(
    "page", sorted(p.name for p in PAGES.glob("*.md") if not p.name.startswith("index"))
)
def test_every_symptom_quotes_a_real_message(page):
    printed = printed_by_snippets()
    quoted = symptoms(PAGES / page)
    assert quoted, f"{page} quotes no error message in its symptoms"
    for message in quoted:
        assert is_real(message, printed), f"{page} quotes {message!r}, which no snippet prints"


@pytest.mark.parametrize(
    "page", sorted(p.name for p in PAGES.glob("*.md") if not p.name.endswith(".en.md"))
)
def test_both_languages_quote_the_same_symptoms(page):
    twin = page.removesuffix(".md") + ".en.md"
    assert symptoms(PAGES / page) == symptoms(PAGES / twin)
