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


def _declared_settings() -> dict[str, object]:
    import crawler.settings as module

    return {name: getattr(module, name) for name in dir(module) if name.startswith("DEBATELENS_")}


def test_every_crawler_setting_is_documented():
    from crawler.run import SETTINGS

    declared = _declared_settings()
    assert declared, "crawler/settings.py declares no DEBATELENS_* setting"
    for name, value in declared.items():
        assert name in SETTINGS, f"{name} (crawler/settings.py) is not documented in crawler.run.SETTINGS"
        default, help_text = SETTINGS[name]
        assert default == value, f"{name}: SETTINGS says {default!r}, crawler/settings.py ships {value!r}"
        assert isinstance(help_text, str) and len(help_text.split()) >= 3, f"{name} has no help text"
    assert set(SETTINGS) == set(declared), f"documented but not shipped: {set(SETTINGS) - set(declared)}"


def test_every_setting_the_crawler_reads_is_documented():
    from crawler.run import SETTINGS

    read = set()
    for path in (ROOT / "crawler").rglob("*.py"):
        read |= set(re.findall(r"settings\.get\w*\(\s*\"(DEBATELENS_\w+)\"", path.read_text(encoding="utf-8")))
    assert read, "no DEBATELENS_* setting read in crawler/: the pattern of this test is stale"
    assert read <= set(SETTINGS), f"read but undocumented: {read - set(SETTINGS)}"
