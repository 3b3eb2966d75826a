"""The README's configuration table cannot drift from the Settings class."""

from pathlib import Path

from mock_pbx.settings import Settings

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_every_setting_is_in_the_readme_table():
    for name in Settings.model_fields:
        assert f"| `MOCK_PBX_{name.upper()}` |" in README, name


def test_the_readme_names_no_setting_that_does_not_exist():
    named = {line.split("`")[1] for line in README.splitlines() if line.startswith("| `MOCK_PBX_")}
    assert named == {f"MOCK_PBX_{name.upper()}" for name in Settings.model_fields}


def test_quick_start_shows_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick_start
    assert "make test" in quick_start
