"""Shared fixtures of the Python bindings' tests.

The meson test (tests/python/meson.build) sets PYTHONPATH to the build's
bindings/python and the paths below; run by hand from the repository root:

    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest tests/python

(the paths then default to the source tree and build/cli/terroir).
"""
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

try:
    import terroir  # noqa: F401
except ImportError as e:  # pragma: no cover - a setup problem, not a test
    raise ImportError("cannot import terroir (%s): set PYTHONPATH to BUILD/bindings/python "
                      "and use /usr/bin/python3" % e) from e


def _env_path(name, *default):
    return os.environ.get(name) or os.path.join(ROOT, *default)


@pytest.fixture(scope="session")
def test_data():
    """tests/data: good/ and bad/ model files with their expected problems."""
    return _env_path("TERROIR_TEST_DATA", "tests", "data")


@pytest.fixture(scope="session")
def cli_data():
    """tests/cli/data: small.yaml, a small network with a fleet."""
    return _env_path("TERROIR_CLI_DATA", "tests", "cli", "data")


@pytest.fixture(scope="session")
def default_dataset():
    """The default regional dataset (Montérégie) that the CLI embeds."""
    return _env_path("TERROIR_DEFAULT_DATASET", "datasets", "quebec", "monteregie.yaml")


@pytest.fixture(scope="session")
def terroir_cli():
    """The terroir command of the same build."""
    path = _env_path("TERROIR_CLI", "build", "cli", "terroir")
    if not os.access(path, os.X_OK):
        pytest.skip("terroir command not found at %s" % path)
    return path


@pytest.fixture(scope="session")
def small_path(cli_data):
    return os.path.join(cli_data, "small.yaml")


@pytest.fixture
def small(small_path):
    return terroir.Model.load(small_path)


@pytest.fixture(scope="session")
def deterministic():
    """Solve options whose routes do not depend on the machine's speed: the
    routing search stops after iterations without improvement, not time."""
    return {"seed": 3, "route_iterations": 200}
