"""The README matches the code: two Quick start commands, every setting, every command."""

from __future__ import annotations

import re
from pathlib import Path

from exportgraph.cli import main
from exportgraph.config import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> str:
    match = re.search(r"^## Quick start\n(.*?)(?=^## )", README, flags=re.S | re.M)
    assert match, "README has no '## Quick start' section"
    return match.group(1)


def test_quick_start_has_exactly_two_commands():
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quick_start(), flags=re.S)
    commands = [
        line
        for block in blocks
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert commands == ["./scripts/serve", "./scripts/test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci


def test_every_setting_is_in_the_readme_table():
    for setting in SETTINGS:
        row = re.search(
            rf"^\| `{setting.name}` \| `EXPORTGRAPH_{setting.name.upper()}` \|(.*)$", README, re.M
        )
        assert row, f"setting {setting.name} is missing from the README's table"
        assert f"`{setting.default}`" in row.group(1), (
            f"README gives a different default for {setting.name}"
        )


def test_settings_table_matches_the_settings_class():
    defaults = Settings()
    assert {s.name for s in SETTINGS} == set(defaults.__dataclass_fields__)
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default


def test_every_command_is_in_the_readme():
    for name in main.commands:
        assert f"exportgraph {name}" in README, f"README does not mention `exportgraph {name}`"
