"""The environment every check runs in: locked, installed the same way everywhere, and a docs
build that proves the notebooks run."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from packaging.requirements import Requirement

from tools.snippets import ROOT

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")

LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
PINNED = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", LOCK, re.MULTILINE)
BOOTSTRAP = re.compile(r"pip install (?:--quiet )?(nox==\S+ uv==\S+)")


def group(groups: dict, name: str) -> list[str]:
    out = []
    for item in groups[name]:
        out += group(groups, item["include-group"]) if isinstance(item, dict) else [item]
    return out


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_declared_dependency_within_its_range():
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [Requirement(r) for r in group(groups["dependency-groups"], "dev")]
    versions: dict[str, list[str]] = {}
    for name, version in PINNED:
        versions.setdefault(normalised(name), []).append(version)
    for requirement in declared:
        locked = versions.get(normalised(requirement.name))
        assert locked, f"{requirement.name} is not in requirements.lock: run `nox -s lock`"
        for version in locked:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock has {requirement.name}=={version}, pyproject.toml asks for "
                f"{requirement}: run `nox -s lock`"
            )


def test_every_locked_package_is_exact_and_hashed():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 2)[2])
    assert len(blocks) == len(PINNED) > 100
    for block in blocks:
        assert "==" in block.split("\n", 1)[0], block[:200]
        assert "--hash=sha256:" in block, f"no hash for {block.split()[0]}"


def test_torch_is_the_pair_the_site_is_tested_with():
    assert ("torch", "2.14.1") in PINNED and ("torchvision", "0.29.1") in PINNED


@pytest.mark.parametrize(
    "path",
    [".ci/run", "README.md", "docs/getting-started.md", "docs/getting-started.en.md",
     ".github/workflows/weekly.yml", ".github/workflows/gpu.yml"],
)  # fmt: skip
def test_everyone_bootstraps_with_the_same_pinned_nox_and_uv(path):
    readme = set(BOOTSTRAP.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert len(readme) == 1
    found = set(BOOTSTRAP.findall((ROOT / path).read_text(encoding="utf-8")))
    assert found == readme, f"{path} installs {found or 'no pinned nox/uv'}, README {readme}"


def test_the_ci_workflow_runs_what_ci_runs_here():
    """GitHub runs `.ci/run` itself (whose bootstrap is checked above), not a set of its own."""
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- run: bash \.ci/run$", workflow, re.MULTILINE)
    assert not re.search(r"^\s*- run: .*\bnox\b", workflow, re.MULTILINE), "a nox step beside it"


@pytest.mark.parametrize("site", ["mkdocs.yml", "mkdocs.en.yml"])
def test_the_build_never_takes_notebook_outputs_from_a_cache(site):
    from mkdocs.config import load_config

    jupyter = load_config(str(ROOT / site)).plugins["mkdocs-jupyter"].config
    assert jupyter["execute"] and not jupyter["allow_errors"] and not jupyter["cache"]


def test_the_docs_session_executes_each_notebook_once_then_builds(monkeypatch):
    """`nox -s docs`, called with a stand-in session that records what it would run."""
    import noxfile

    ran = []
    record = lambda *args, env, **kwargs: ran.append((args[1:], env))  # noqa: E731
    session = SimpleNamespace(posargs=[], log=lambda *args: None, run=record)
    monkeypatch.setattr(noxfile, "venv", lambda session: None)
    noxfile.docs(session)
    steps = [" ".join(args[:3]) for args, _ in ran]
    builds = [i for i, step in enumerate(steps) if step == "-m mkdocs build"]
    # Both languages' sites, zh first: its build empties site/, where en/ is the English one.
    assert [ran[i][0][ran[i][0].index("-f") + 1] for i in builds] == ["mkdocs.yml", "mkdocs.en.yml"]
    assert all("--strict" in ran[i][0] for i in builds)
    assert steps.index("-m tools.notebooks") < builds[0]
    # Strict: a notebook whose executed copy is missing or stale fails the build.
    assert all(ran[i][1]["PYTORCH_NOTES_EXECUTED_NOTEBOOKS"] == "1" for i in builds)


def test_an_executed_copy_of_older_inputs_is_never_rendered(tmp_path, monkeypatch):
    import json

    from tools import notebooks

    source = notebooks.sources()[0]
    monkeypatch.setattr(notebooks, "OUT", tmp_path)
    target = notebooks.executed_path(source, "zh")
    target.parent.mkdir(parents=True)
    stamp = {"metadata": {"pytorch_notes": {"inputs_sha256": notebooks.inputs_digest(source)}}}
    target.write_text(json.dumps(stamp), encoding="utf-8")
    assert notebooks.fresh_executed(source, "zh") == target
    stamp["metadata"]["pytorch_notes"]["inputs_sha256"] = "0" * 64  # made from other inputs
    target.write_text(json.dumps(stamp), encoding="utf-8")
    assert notebooks.fresh_executed(source, "zh") is None
    assert notebooks.fresh_executed(source, "en") is None  # never made at all
