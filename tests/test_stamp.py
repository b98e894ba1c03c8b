"""What the site says it is tested on comes from real lane results, and from nothing stale.

* A page claims an older release only for the code that release ran: the version lane's record
  keys each result by the file's content, so changing a snippet takes its pages back to the
  locked release (hooks/tested_with.py, tools/versions.py).
"""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from tools import versions
from tools.snippets import ROOT

spec = importlib.util.spec_from_file_location("tested_with", ROOT / "hooks" / "tested_with.py")
tested_with = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tested_with)

LOCKED = versions.locked_release()


@pytest.fixture
def project(tmp_path):
    """A page including one snippet that the version lane passed on 2.6 and failed on 2.4."""
    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "docs" / "ch").mkdir(parents=True)
    code = tmp_path / "snippets" / "ch" / "topic.py"
    code.write_text("print(1)\n")
    page = tmp_path / "docs" / "ch" / "topic.md"
    page.write_text('# Topic\n\n```python\n--8<-- "snippets/ch/topic.py"\n```\n')
    why = "AttributeError: module 'torch' has no attribute 'newer_api'"
    record = {
        "releases": {"2.4.1": {"passed": 0}, "2.6.0": {"passed": 1}},
        "files": {
            "snippets/ch/topic.py": {
                "sha256": versions.digest(code),
                "results": {"2.4.1": why, "2.6.0": "passed"},
            }
        },
    }
    return SimpleNamespace(root=tmp_path, code=code, page=page, record=record, why=why)


def outcome(project):
    files = tested_with.page_files(project.page, project.root)
    assert files == ["snippets/ch/topic.py"]
    return tested_with.page_releases(files, project.record, LOCKED, project.root)


def test_a_page_shows_the_releases_its_code_passed_and_why_an_older_one_fails(project):
    result = outcome(project)
    assert result["2.6.0"] == "passed" and result[LOCKED] == "passed"
    assert result["2.4.1"] == ("failed", "snippets/ch/topic.py", project.why)
    locked = tested_with.minor(LOCKED)
    zh, en = (tested_with.page_line(result, lang) for lang in ("zh", "en"))
    assert f"本页代码在 torch 2.6 – {locked} 上测试通过" in zh and "在 torch 2.4 上失败" in zh
    assert f"Tested on torch 2.6 – {locked}" in en and "fails on torch 2.4" in en
    assert "newer_api" in en and "snippets/ch/topic.py" in en


def test_a_changed_snippet_falls_back_to_the_locked_release(project):
    project.code.write_text("print(2)\n")  # a new version of the code: no release ran it yet
    result = outcome(project)
    assert result == {"2.4.1": None, "2.6.0": None, LOCKED: "passed"}
    line = tested_with.page_line(result, "en")
    assert f"Tested on torch {tested_with.minor(LOCKED)} only" in line
    assert "2.6" not in line.split(";")[0] and "has not run this page's current code" in line


def test_the_getting_started_table_counts_pages_per_chapter_and_release(project):
    for name in ("index.md", "index.en.md"):
        (project.root / "docs" / "ch" / name).write_text("# Chapter\n")
    english = project.page.with_name("topic.en.md")
    english.write_text(project.page.read_text())
    docs = project.root / "docs"
    groups = tested_with.nav_groups(
        [{"Ch": [{"Overview": "ch/index.md"}, {"Topic": "ch/topic.md"}]}], "en", docs
    )
    assert groups == [("Chapter", [docs / "ch/index.en.md", docs / "ch/topic.en.md"])]
    table = tested_with.releases_table(project.record, LOCKED, "en", groups, docs)
    header, _, row, *_ = table.splitlines()
    assert header == f"| Chapter | Pages with code | 2.4 | 2.6 | {tested_with.minor(LOCKED)} |"
    assert row == "| Chapter | 1 | 0/1 | ✓ | ✓ |"
    assert (
        "- [Topic](ch/topic.md): needs torch 2.6 or newer (fails on torch 2.4: <code>Attr" in table
    )


def test_the_real_record_forgets_a_snippet_once_its_content_changes(tmp_path):
    record = versions.load()
    current = [rel for rel in record["files"] if versions.results(record, rel)]
    if not current:
        pytest.skip("every recorded file changed since the version lane last ran")
    rel = current[0]
    edited = tmp_path / rel
    edited.parent.mkdir(parents=True)
    edited.write_bytes((ROOT / rel).read_bytes() + b"# one more line\n")
    assert versions.results(record, rel, tmp_path) == {}
    outcome = tested_with.page_releases([rel], record, LOCKED, tmp_path)
    assert {r for r, state in outcome.items() if state} == {LOCKED}


def test_the_record_knows_the_content_of_every_result_it_keeps():
    """Each file's results sit under the content hash they were run on, for a file of the
    lane, on a release the record describes (tools/versions.py writes it; never by hand)."""
    record = versions.load()
    lane = {p.relative_to(ROOT).as_posix() for p in versions.lane_files()}
    for rel, entry in record["files"].items():
        assert rel in lane, f"lanes/versions.json records {rel}, which the lane does not run"
        assert set(entry) == {"sha256", "results"}, rel
        assert len(entry["sha256"]) == 64 and entry["results"], rel
        assert set(entry["results"]) <= set(record["releases"]), rel


def test_a_new_torch_release_joins_the_range():
    known = ["2.3.1", "2.4.0", "2.4.1", "2.5.1", "2.6.0", "2.7.1", "2.8.0"]
    assert versions.in_range(known, floor=(2, 4)) == ["2.4.1", "2.6.0", "2.8.0"]
    assert versions.in_range([*known, "2.9.0"], floor=(2, 4))[-1] == "2.9.0"


def test_a_failure_is_told_by_its_exception_or_the_claim_that_broke():
    crash = (
        'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n'
        "    torch.accelerator.is_available()\n"
        "AttributeError: module 'torch' has no attribute 'accelerator'\n"
        "/usr/lib/python3.11/tempfile.py:895: ResourceWarning: Implicitly cleaning up\n"
        "ResourceWarning: Enable tracemalloc to get the object allocation traceback\n"
    )
    assert versions.last_line(crash) == (
        "AttributeError: module 'torch' has no attribute 'accelerator'"
    )
    claim = crash.split("    torch")[0] + '    assert "no accelerator" in message\nAssertionError\n'
    assert versions.last_line(claim) == 'AssertionError: assert "no accelerator" in message'
    assert (
        versions.last_line("MNIST is not in data/MNIST/raw\n") == "MNIST is not in data/MNIST/raw"
    )


def test_a_release_that_runs_the_code_but_warns_is_told_apart(project):
    warning = "UserWarning: The epoch parameter in `scheduler.step()` was not necessary"
    project.record["files"]["snippets/ch/topic.py"]["results"]["2.6.0"] = versions.WARNED + warning
    result = outcome(project)
    assert result["2.6.0"] == ("warned", "snippets/ch/topic.py", warning)
    assert tested_with.runs(result["2.6.0"]) and not tested_with.runs(result["2.4.1"])
    line = tested_with.page_line(result, "zh")
    assert "在 torch 2.6 上能运行，但会发出警告" in line and "scheduler.step()" in line
    assert "在 torch 2.4 上失败" in line
    # tested on three releases, passed cleanly on one: not "only tested on" that one
    assert line.startswith(
        f'<p class="tested-range">本页代码在 torch {tested_with.minor(LOCKED)} 上'
    )


def test_a_release_that_did_not_run_the_code_breaks_the_range():
    outcome = {"2.4.1": "passed", "2.6.0": None, "2.8.0": "passed", LOCKED: "passed"}
    line = tested_with.page_line(outcome, "en")
    assert "Tested on torch 2.4, 2.8, " in line and "2.4 –" not in line
    assert "torch 2.6 has not run this page's current code yet" in line


def test_a_release_newer_than_the_lock_that_fails_is_listed_without_a_newer_one(project):
    newer = ".".join([LOCKED.split(".")[0], str(int(LOCKED.split(".")[1]) + 1), "0"])
    project.record["releases"][newer] = {"passed": 0}
    project.record["files"]["snippets/ch/topic.py"]["results"][newer] = "RuntimeError: gone"
    for name in ("index.md", "index.en.md"):
        (project.root / "docs" / "ch" / name).write_text("# Chapter\n")
    project.page.with_name("topic.en.md").write_text(project.page.read_text())
    docs = project.root / "docs"
    groups = tested_with.nav_groups([{"Ch": [{"T": "ch/topic.md"}]}], "en", docs)
    table = tested_with.releases_table(project.record, LOCKED, "en", groups, docs)
    # no newer release passed, so no "needs torch X": the failure and its reason are listed
    assert (
        f"fails on torch 2.4, {tested_with.minor(newer)}; on {tested_with.minor(newer)}: " in table
    )
    assert "<code>RuntimeError: gone</code>" in table and "or newer" not in table


def test_releases_that_left_the_range_leave_the_record(project):
    project.record["releases"]["2.6.1"] = {"passed": 1}
    versions.prune(project.record, ["2.4.1", "2.6.1"])
    assert set(project.record["releases"]) == {"2.4.1", "2.6.1"}
    assert project.record["files"]["snippets/ch/topic.py"]["results"] == {"2.4.1": project.why}
