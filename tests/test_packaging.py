"""The built wheel carries every package, template, profile, labelled set and migration: checked
in the wheel itself, not in the source tree (a package missing from the build config still
imports from a checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("corpus", "crawler", "analysis", "reports", "debatelens")


@pytest.mark.slow
def test_the_wheel_holds_every_package_and_data_file(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path), "-q"], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("debatelens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in PACKAGES:
        for init in (ROOT / package).rglob("__init__.py"):
            assert init.relative_to(ROOT).as_posix() in names, f"{init.parent.name} is not in the wheel"
    expected = [p.relative_to(ROOT).as_posix() for pattern in ("reports/templates/*", "corpus/profiles/*.toml",
                                                               "corpus/profiles/*.csv",
                                                               "corpus/migrations/versions/*.py",
                                                               "corpus/migrations/script.py.mako",
                                                               "corpus/datasette/*.yaml")
                for p in ROOT.glob(pattern) if p.is_file()]
    assert len(expected) >= 8
    missing = [name for name in expected if name not in names]
    assert missing == []
