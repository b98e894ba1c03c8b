"""The "Tested with" stamp can only show ✓ for a lane that really passed."""

from __future__ import annotations

import importlib.util
import json
from types import SimpleNamespace

import pytest

from tools.snippets import ROOT

spec = importlib.util.spec_from_file_location("tested_with", ROOT / "hooks" / "tested_with.py")
tested_with = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tested_with)


def stamp(tmp_path, **lanes):
    (tmp_path / "lanes").mkdir()
    for lane, passed in lanes.items():
        record = {"passed": passed, "tests": 7, "date": "2026-01-02"}
        record |= {"torch": "2.14.1", "torchvision": "0.29.1"}
        (tmp_path / "lanes" / f"{lane}.json").write_text(json.dumps(record))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={})
    return tested_with.on_config(config).extra["tested_with"]


@pytest.mark.parametrize(
    ("lanes", "cpu", "cuda"),
    [
        ({"cpu": True}, "✓ (2026-01-02, 7 tests)", "—"),
        ({"cpu": False, "gpu": True}, "✗ (2026-01-02, 7 tests)", "✓ (2026-01-02, 7 tests)"),
        ({}, "—", "—"),
    ],
)
def test_stamp_reflects_lane_results(tmp_path, lanes, cpu, cuda):
    result = stamp(tmp_path, **lanes)
    assert (result["cpu"], result["cuda"]) == (cpu, cuda)


def test_a_lane_file_without_passed_true_is_no_tick(tmp_path):
    (tmp_path / "lanes").mkdir()
    record = {"tests": 1, "date": "2026-01-02", "torch": "x", "torchvision": "y"}
    (tmp_path / "lanes" / "cpu.json").write_text(json.dumps(record))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={})
    assert tested_with.on_config(config).extra["tested_with"]["cpu"].startswith("✗")
