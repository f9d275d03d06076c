"""Every command the README and docs/ name, in code blocks and `code` spans, exists: each `govinfo`
subcommand and each of its options is in the CLI's parser (and its --help runs), each `make` target is
in the Makefile, each `python -m` module can be found."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govinfo.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
_SPAN = re.compile(r"`([^`\n]+)`")


def code_lines(text: str) -> list[str]:
    """The lines of fenced blocks and the inline code spans of a Markdown text."""
    lines = [line for block in _FENCE.findall(text) for line in block.splitlines()]
    return lines + _SPAN.findall(_FENCE.sub("", text))


def mentions(pattern: str) -> list[tuple[str, str]]:
    """(doc, match) for every match of pattern at the start of a command in the docs' code."""
    found = []
    for doc in DOCS:
        for line in code_lines(doc.read_text(encoding="utf-8")):
            for command in re.split(r"\s*(?:&&|\|\||;|\|)\s*", line.split(" #")[0].strip()):
                match = re.match(pattern, command.strip())
                if match:
                    found.append((doc.name, match.group(0)))
    return found


def _subparsers():
    action = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


GOVINFO = mentions(r"govinfo [a-z][a-z-]*(?: [^#]*)?")
MAKE = sorted(set(mentions(r"make [a-z][a-z-]*")))
MODULES = sorted(set(mentions(r"python -m [A-Za-z_][\w.]*")))


def test_the_docs_name_commands():
    assert len(GOVINFO) > 5 and len(MAKE) > 3 and MODULES


@pytest.mark.parametrize("doc, command", GOVINFO)
def test_each_documented_govinfo_command_and_option_exists(doc, command):
    words = command.split()
    parsers = _subparsers()
    assert words[1] in parsers, f"{doc}: `{command}` names no subcommand of govinfo"
    options = {o for a in parsers[words[1]]._actions for o in a.option_strings}
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", command):
        assert option in options, f"{doc}: `{command}`: govinfo {words[1]} has no {option}"


@pytest.mark.parametrize("subcommand", sorted({c.split()[1] for _, c in GOVINFO}))
def test_each_documented_subcommands_help_runs(subcommand):
    proc = subprocess.run([sys.executable, "-m", "govinfo.cli", subcommand, "--help"], capture_output=True,
                          text=True, cwd=REPO)
    assert proc.returncode == 0 and f"usage: govinfo {subcommand}" in proc.stdout, proc.stderr


@pytest.mark.parametrize("doc, command", MAKE)
def test_each_documented_make_target_exists(doc, command):
    targets = set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", (REPO / "Makefile").read_text(encoding="utf-8"),
                             re.M))
    assert command.split()[1] in targets, f"{doc}: `{command}` is not a target of the Makefile"


@pytest.mark.parametrize("doc, command", MODULES)
def test_each_documented_module_can_be_run(doc, command):
    module = command.split()[2]
    assert importlib.util.find_spec(module) is not None, f"{doc}: `{command}`: no module {module}"


def test_the_checks_can_fail():
    text = "```\ngovinfo frobnicate --now\nmake nowhere\n```\nand `python -m no.such` inline"
    assert code_lines(text) == ["govinfo frobnicate --now", "make nowhere", "python -m no.such"]
    assert "frobnicate" not in _subparsers()
