"""DataLoader workers under the "spawn" start method (the default on Windows and macOS) import
your script again. Without the __main__ guard that import starts the workers again, and fails."""

import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

UNGUARDED = """\
import torch
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(torch.arange(8.0)), batch_size=4, num_workers=1,
                    multiprocessing_context="spawn")
print(sum(batch.sum().item() for (batch,) in loader))
"""

GUARDED = """\
import torch
from torch.utils.data import DataLoader, TensorDataset


def main():
    loader = DataLoader(TensorDataset(torch.arange(8.0)), batch_size=4, num_workers=1,
                        multiprocessing_context="spawn")
    print(sum(batch.sum().item() for (batch,) in loader))


if __name__ == "__main__":
    main()
"""


def run_script(source):
    """Save the source as train.py in an empty folder and run it as `python train.py`."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "train.py"
        script.write_text(source, encoding="utf-8")
        return subprocess.run(
            [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=120
        )


def broken():
    result = run_script(UNGUARDED)  # (1)!
    if result.returncode != 0:
        raise RuntimeError(result.stderr)  # the child's traceback, passed on unchanged


def fixed():
    result = run_script(GUARDED)  # (2)!
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "28.0"  # 0 + 1 + ... + 7, loaded by the worker
    return result.stdout.strip()


if __name__ == "__main__":
    # Each script starts two Python processes that import torch: run the two side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        broken_run, fixed_run = pool.submit(broken), pool.submit(fixed)
    try:
        broken_run.result()
    except RuntimeError as error:
        stderr = str(error)
    else:
        raise AssertionError("the unguarded script should have failed")
    # The worker's error: the message starts on the line after "RuntimeError:".
    worker_message = " ".join(stderr.split("RuntimeError:")[1].split("\n\n")[0].split())  # (3)!
    print("worker:       RuntimeError:", worker_message)
    assert worker_message == (
        "An attempt has been made to start a new process before the current process "
        "has finished its bootstrapping phase."
    )
    # The main process only learns that its worker died; the pid changes on every run.
    last_line = stderr.strip().splitlines()[-1]
    head, _, rest = last_line.partition(" (pid(s) ")
    print("main process:", head, "(pid(s) …)", rest.partition(") ")[2])  # (4)!
    assert head == "RuntimeError: DataLoader worker" and last_line.endswith("exited unexpectedly")
    print("fixed: the guarded script prints", fixed_run.result())
