"""benchmarks/lrp/dat2yaml.py writes, without the importer, the model that
the `clrp` importer builds: the CLRP benchmark's two paths (importer, and
dat2yaml.py + `terroir solve`) solve the same model."""
import os
import subprocess
import sys

import pytest

import terroir

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DAT2YAML = os.path.join(ROOT, "benchmarks", "lrp", "dat2yaml.py")


@pytest.mark.parametrize("name", ["coord20-5-1.dat", "coordGaspelle.dat"])
def test_dat2yaml_model_equals_the_imported_model(test_data, tmp_path, name):
    dat = os.path.join(test_data, "bench", name)
    out = tmp_path / "model.yaml"
    subprocess.run([sys.executable, DAT2YAML, dat, "-o", str(out)], check=True, timeout=60)
    written = terroir.Model.load(out)
    imported = terroir.Model.import_file(dat, "clrp")
    assert written == imported
    # And not trivially so: a changed opening cost is seen.
    data = written.to_dict()
    data["hubs"][0]["fixed_cost"] += 1
    assert terroir.Model.from_dict(data) != imported
