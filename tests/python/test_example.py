"""The example of bindings/python/examples runs and prints its table."""
import os
import subprocess
import sys

from conftest import ROOT

EXAMPLE = os.path.join(ROOT, "bindings", "python", "examples", "open_one_more_hub.py")


def test_open_one_more_hub(default_dataset):
    out = subprocess.run([sys.executable, EXAMPLE, default_dataset, "--route-iterations", "5"],
                         check=True, capture_output=True, text=True, timeout=600).stdout
    lines = out.splitlines()
    assert "adding" in lines[0]
    header = next(line for line in lines if line.strip().startswith("base"))
    assert "+ hub-" in header
    objective = next(line for line in lines if line.startswith("objective")).split()
    assert len(objective) == 3 and all(float(v) > 0 for v in objective[1:])
    assert lines[-1].endswith("per cycle.")
