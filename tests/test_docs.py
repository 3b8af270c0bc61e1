"""Documentation checks, as sqlite-utils' ``tests/test_docs.py``: every command has help with an
example and a row in the README's command reference; every crawler setting is documented; the
command line answers ``--help`` without importing the heavy libraries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from debatelens.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
HEAVY = ("spacy", "torch", "bertopic", "scrapy", "twisted", "sentence_transformers", "trafilatura")


def _commands(group: click.Group, prefix: str = "debatelens") -> list[tuple[str, click.Command]]:
    """``(command path, command)`` of every command and subcommand under ``group``."""
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


COMMANDS = _commands(cli)
LEAVES = [(path, c) for path, c in COMMANDS if not isinstance(c, click.Group)]


def _reference_rows() -> list[str]:
    """The commands named in the first column of the README's "Command reference" table."""
    section = README.split("## Command reference", 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\|\s*`(debatelens [^`]+)`\s*\|", section, re.MULTILINE)]


def test_the_walk_finds_every_command():
    paths = {path for path, _ in COMMANDS}
    assert {"debatelens crawl", "debatelens analyze", "debatelens report", "debatelens query",
            "debatelens query claims", "debatelens query actors", "debatelens extract",
            "debatelens claims"} <= paths


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_help_has_an_example(path, command):
    assert command.help and command.help.strip(), f"{path} has no help"
    assert "Example" in command.help, f"{path}: its help has no 'Example:'"
    example = command.help.split("Example", 1)[1]
    assert path in example, f"{path}: the example does not run {path}"


@pytest.mark.parametrize("path,command", LEAVES, ids=[p for p, _ in LEAVES])
def test_command_is_in_the_readme_reference(path, command):
    assert path in _reference_rows(), f"{path} is missing from README.md's command reference table"


def test_readme_reference_names_only_real_commands():
    leaves = {path for path, _ in LEAVES}
    rows = _reference_rows()
    assert rows, "README.md has no command reference table"
    assert set(rows) <= leaves, f"README names commands that do not exist: {set(rows) - leaves}"


@pytest.mark.parametrize("path,command", LEAVES, ids=[p for p, _ in LEAVES])
def test_every_option_has_help(path, command):
    undocumented = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert not undocumented, f"{path}: options without help: {undocumented}"


def test_help_does_not_import_heavy_libraries():
    code = ("import sys, json\nfrom click.testing import CliRunner\nimport debatelens.cli as c\n"
            "runner = CliRunner()\n"
            "codes = [runner.invoke(c.cli, args).exit_code for args in "
            "(['--help'], ['crawl', '--help'], ['analyze', '--help'], ['report', '--help'], "
            "['query', 'claims', '--help'], ['extract', '--help'], ['claims', '--help'])]\n"
            "print(json.dumps({'codes': codes, 'modules': sorted({m.split('.')[0] for m in sys.modules})}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["codes"] == [0] * 7
    loaded = set(result["modules"]) & set(HEAVY)
    assert not loaded, f"--help imported {sorted(loaded)}: import them inside the commands that use them"
    assert "click" in result["modules"]  # the check itself sees what was imported


def test_help_runs_as_a_program():
    out = subprocess.run([sys.executable, "-m", "debatelens", "--help"], capture_output=True, text=True,
                         check=False, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    for name in ("crawl", "analyze", "report", "query", "extract", "claims"):
        assert re.search(rf"^\s+{name}\s", out.stdout, re.MULTILINE), f"{name} missing from --help"
    assert out.stderr == ""


def _readme_settings() -> dict[str, list[str]]:
    """Rows of the README's settings table: name -> its cells."""
    section = README.split("### Settings", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`") and cells[0] != "`name`":
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_setting_is_documented_in_the_readme():
    from corpus.settings import SETTINGS

    rows = _readme_settings()
    assert set(rows) == {s.name for s in SETTINGS}, "the README's settings table and corpus.settings differ"
    for s in SETTINGS:
        _, default, env, help_text = rows[s.name][:4]
        shown = str(s.default).lower() if isinstance(s.default, bool) else str(s.default)
        assert default.strip("`") == shown, f"{s.name}: README says {default}, the table ships {s.default!r}"
        assert env.strip("`") == s.env, f"{s.name}: README names {env}, the variable is {s.env}"
        assert len(help_text.split()) >= 3, f"{s.name} has no help in the README"


def test_every_scrapy_setting_the_pipelines_require_is_derived_from_the_settings():
    from corpus.settings import load_settings
    from crawler.settings import scrapy_settings

    required = set()
    for path in (ROOT / "crawler").rglob("*.py"):
        required |= set(re.findall(r"_required\(crawler, \"(DEBATELENS_\w+)\"\)", path.read_text(encoding="utf-8")))
    assert required, "no DEBATELENS_* setting required in crawler/: the pattern of this test is stale"
    conf = scrapy_settings(load_settings(environ={}), db_url="sqlite:///x.db", run_id=1, profile="ai-distillation")
    assert {name for name in required if conf.get(name) is None} == set()
