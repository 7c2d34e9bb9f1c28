"""The one validated configuration: defaults, pyproject's [tool.snippetkit], clear errors."""

from __future__ import annotations

import pytest

from snippetkit import config


def test_defaults_and_the_projects_own_table():
    loaded = config.load(env={})
    assert loaded.timeout > 0 and loaded.jobs is None and loaded.preload == ("tensorflow",)
    assert config.load(env={"SNIPPETKIT_CACHE_DIR": "/tmp/x"}).cache_dir.as_posix() == "/tmp/x"


def test_a_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.snippetkit]\ntimeout = 30\njobs = 3\ncache_dir = 'c'\n")
    loaded = config.load(tmp_path / "pyproject.toml", env={})
    assert (loaded.timeout, loaded.jobs, loaded.cache_dir.name) == (30.0, 3, "c")


@pytest.mark.parametrize(("text", "message"), [
    ("jobs = 0", "[tool.snippetkit]: jobs must be an integer of at least 1 or 'auto', not 0"),
    ("timeout = 'soon'", "[tool.snippetkit]: timeout must be a positive number of seconds, not 'soon'"),
    ("rel_tol = 2", "[tool.snippetkit]: rel_tol must be a number in [0, 1), not 2"),
    ("notebook_pages = {a = 'b.txt'}", "notebook_pages must map page paths to snippet paths ending in .py"),
    ("timeuot = 3", "[tool.snippetkit]: unknown key 'timeuot' (known: abs_tol, cache_dir"),
    ("jobs = ", "not valid TOML"),
])
def test_a_wrong_value_names_its_key(tmp_path, text, message):
    (tmp_path / "pyproject.toml").write_text(f"[tool.snippetkit]\n{text}\n")
    with pytest.raises(config.ConfigError) as info:
        config.load(tmp_path / "pyproject.toml", env={})
    assert message in str(info.value)


def test_cli_values_use_the_same_rules():
    assert config.parse_shard("--shard", "2/3") == (2, 3)
    for bad in ("3/2", "0/2", "1/0", "x"):
        with pytest.raises(config.ConfigError, match="--shard must be I/N"):
            config.parse_shard("--shard", bad)
    assert config.check_jobs("--jobs", "auto") is None and config.check_jobs("--jobs", "4") == 4


def test_the_notes_folder_is_a_setting_and_the_environment_wins(tmp_path):
    assert config.load(env={}).notes_dir == config.ROOT.parent / "shared" / "source-notes"
    (tmp_path / "pyproject.toml").write_text("[tool.snippetkit]\nnotes_dir = 'notes'\n")
    assert config.load(tmp_path / "pyproject.toml", env={}).notes_dir == config.ROOT / "notes"
    assert config.load(tmp_path / "pyproject.toml", env={"SNIPPETKIT_NOTES_DIR": "/n"}).notes_dir.as_posix() == "/n"


def test_a_change_of_the_file_or_the_environment_is_read_anew(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.snippetkit]\ntimeout = 30\n")
    assert config.load(pyproject, env={}).timeout == 30.0
    pyproject.write_text("[tool.snippetkit]\ntimeout = 45\n# longer\n")
    assert config.load(pyproject, env={}).timeout == 45.0
    assert config.load(pyproject, env={"SNIPPETKIT_CACHE_DIR": "/c"}).cache_dir.as_posix() == "/c"
    assert config.load(pyproject, env={}).cache_dir == config.ROOT / ".cache" / "snippets"
