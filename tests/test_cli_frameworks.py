"""`csf frameworks …` and `csf --version` as a user sees them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from csf import __version__
from csf.cli import build_parser
from csf.registry import BUNDLED

from .helpers import mini, run, write_yaml


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        run(capsys, "--version")
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"csf {__version__}\n"


def test_list_shows_ids_versions_and_item_counts(capsys):
    code, out, _ = run(capsys, "frameworks", "list")
    assert code == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert rows["partnership-csf"][2] == "49"
    assert out.splitlines()[0].split() == ["ID", "VERSION", "ITEMS", "FINGERPRINT", "FROM", "TITLE"]


def test_show_prints_factors_and_items_in_order(capsys):
    code, out, _ = run(capsys, "frameworks", "show", "partnership-csf")
    assert code == 0
    assert out.startswith("Effective Partnership Working for Domestic and Sexual Violence")
    positions = [out.index(f"  {i}.1 ") for i in range(1, 7)]
    assert positions == sorted(positions)
    assert "Fully met (2)" in out and "Not applicable (not scored)" in out


def test_show_prints_the_source_notes_and_details_of_bvpi(capsys):
    from csf.registry import Registry

    framework = Registry().get("bvpi-225")
    code, out, _ = run(capsys, "frameworks", "show", "bvpi-225")
    flat = " ".join(out.split())
    assert code == 0
    for detail in framework.details:
        assert " ".join(f"{detail.label}: {detail.text}".split()) in flat
    for note in framework.notes:
        shown = f"{framework.subject(note.about)}. The source says: {note.source_says} What the framework does: {note.we_did}"
        assert " ".join(shown.split()) in flat


def test_show_unknown_framework_is_a_usage_error(capsys):
    code, _, err = run(capsys, "frameworks", "show", "no-such")
    assert code == 2
    assert err.startswith("error: unknown framework 'no-such' (installed: ")


def test_validate_bundled_files_exit_0(capsys):
    code, out, err = run(capsys, "frameworks", "validate", *map(str, sorted(BUNDLED.glob("*.yaml"))))
    assert code == 0, err
    assert out.count("ok: ") == len(list(BUNDLED.glob("*.yaml")))


def test_validate_lists_every_problem_and_exits_1(tmp_path, capsys):
    data = mini(version=3)
    del data["sections"][0]["title"]
    bad = write_yaml(tmp_path / "bad.yaml", data)
    good = write_yaml(tmp_path / "good.yaml", mini())
    code, out, err = run(capsys, "frameworks", "validate", str(bad), str(good), str(tmp_path / "missing.yaml"))
    assert code == 1
    assert "ok: " in out and "good.yaml: mini 1.0, 8 items" in out
    assert "bad.yaml:2: version: must be text, not the number 3" in err
    assert "sections[0].title: required" in err
    assert "missing.yaml: no such file" in err


def test_frameworks_dir_and_environment_add_frameworks(tmp_path, capsys, monkeypatch):
    write_yaml(tmp_path / "mini.yaml", mini())
    code, out, _ = run(capsys, "--frameworks-dir", str(tmp_path), "frameworks", "list")
    assert code == 0 and "\nmini " in out
    monkeypatch.setenv("CSF_FRAMEWORKS_PATH", str(tmp_path))
    code, out, _ = run(capsys, "frameworks", "show", "mini")
    assert code == 0 and "Item 2.1" in out


def test_broken_framework_in_search_path_is_reported_and_the_others_still_work(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "csf", "--frameworks-dir", str(tmp_path), "frameworks", "list"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.yaml:" in result.stderr and "not valid YAML" in result.stderr
    assert "\npartnership-csf " in result.stdout
    code, out, _ = run(capsys, "--frameworks-dir", str(tmp_path), "new", "--framework", "bvpi-225", "--area", "X",
                       "-o", str(tmp_path / "a.yaml.out"))
    assert code == 0 and out.startswith("created ")


def test_every_command_has_help():
    parser = build_parser()
    stack = [parser]
    while stack:
        p = stack.pop()
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for choice in action._choices_actions:
                    assert choice.help, f"{p.prog} {choice.dest} has no help"
                stack += action.choices.values()


def test_each_command_module_registers_the_commands_the_parser_expects_of_it():
    """`csf NAME` builds only NAME's parser, importing only the module that says it has NAME."""
    import argparse
    import importlib

    from csf.cli import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        commands = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"csf.{module}").register(commands)
        assert tuple(commands.choices) == names


def test_a_command_alone_parses_as_it_does_in_the_whole_parser():
    argv = ["--frameworks-dir", "x", "answer", "a.yaml", "1.3", "--rating", "met", "--value", "n=2"]
    assert vars(build_parser(argv).parse_args(argv)).keys() == vars(build_parser().parse_args(argv)).keys()
    assert build_parser(argv).parse_args(argv).rating == "met"
    assert build_parser(["plan", "show", "p.yaml"]).parse_args(["plan", "show", "p.yaml"]).file.name == "p.yaml"


def test_a_mistyped_command_is_told_every_command(capsys):
    with pytest.raises(SystemExit) as caught:
        run(capsys, "scroe", "a.yaml")
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'scroe'" in err and "'score'" in err and "'plan'" in err


@pytest.mark.parametrize("columns", ["100", "60", "", "x"])
def test_help_is_laid_out_as_argparse_lays_it_out(columns, monkeypatch):
    """csf finds the terminal's width itself; the help reads as argparse's own would."""
    import argparse

    from csf.cli import HelpFormatter

    monkeypatch.setenv("COLUMNS", columns)

    def parser(formatter):
        p = argparse.ArgumentParser(prog="csf", formatter_class=formatter, description="A description long enough " * 6)
        p.add_argument("--frameworks-dir", metavar="DIR", help="also look for framework files here " * 3)
        return p.format_help()

    assert parser(HelpFormatter) == parser(argparse.HelpFormatter)
