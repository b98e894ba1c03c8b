"""Put a "Tested with …" line on every page, from the lanes' real results.

The CPU lane (`nox -s tests`) and the GPU lane (`nox -s gpu`) each write
``lanes/<lane>.json`` when a full run ends (see conftest.py); this hook only
reads them. A missing file shows "—", a failed run "✗": a ✓ can only come from
a lane that passed. ``lanes/gpu.json`` is committed after a GPU run, since CI has
no GPU; ``lanes/cpu.json`` is rewritten by every CI run.
"""

from __future__ import annotations

import json
from pathlib import Path


def _lane(root: Path, lane: str) -> tuple[str, dict]:
    path = root / "lanes" / f"{lane}.json"
    if not path.exists():
        return "—", {}
    record = json.loads(path.read_text(encoding="utf-8"))
    mark = "✓" if record.get("passed") is True else "✗"
    return f"{mark} ({record['date']}, {record['tests']} tests)", record


def on_config(config):
    root = Path(config.config_file_path).parent
    cpu, cpu_record = _lane(root, "cpu")
    cuda, cuda_record = _lane(root, "gpu")
    record = cpu_record or cuda_record
    versions = (
        f"torch {record['torch']} / torchvision {record['torchvision']}"
        if record
        else "torch / torchvision: no lane has run yet"
    )
    config.extra["tested_with"] = {"versions": versions, "cpu": cpu, "cuda": cuda}
    return config
