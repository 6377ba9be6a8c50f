"""The CLI: help that ends with examples, exit codes, errors without traces."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from exportgraph.cli import main

COMMANDS = ["serve", "reason", "check-data", "info"]


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: exportgraph " + command in result.output


def test_check_data_passes_on_the_reference_data():
    result = CliRunner().invoke(main, ["check-data"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_info_names_the_dutch_list_and_wassenaar():
    result = CliRunner().invoke(main, ["info"])
    assert result.exit_code == 0, result.output
    assert "Wassenaar" in result.output
    assert "triples" in result.output


def test_a_bad_setting_is_a_usage_error_without_trace():
    result = CliRunner().invoke(main, ["serve"], env={"EXPORTGRAPH_PORT": "eighty"})
    assert result.exit_code == 2
    assert "EXPORTGRAPH_PORT" in result.output
    assert "Traceback" not in result.output


def test_version():
    from exportgraph import __version__

    result = CliRunner().invoke(main, ["--version"])
    assert __version__ in result.output
