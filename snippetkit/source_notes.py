"""The original notes the site corrects: where they are, and their text.

The two notes are not part of the repository. Their folder is a setting, `notes_dir` in
`[tool.snippetkit]` (default `../shared/source-notes`, beside the clone), or the environment
variable `SNIPPETKIT_NOTES_DIR`, which wins. The quote and errata checks read them through `read()`;
where the folder or a note is missing, `NotesMissing` says which path and how to set it (the tests
skip then, and fail where the `CI` environment variable is set).
"""

from __future__ import annotations

from pathlib import Path

from snippetkit import config

FILES = {"A": "000_d7af4ac58d01bd76.txt", "B": "002_3e75bfcaa52943d6.txt"}
"""The site's name of each note -> its file in the notes' folder."""


class NotesMissing(FileNotFoundError):
    """The notes' folder or one of the notes is not where the settings say."""


def folder() -> Path:
    return config.get().notes_dir


def read(where: Path | None = None) -> dict[str, str]:
    """{"A": text, "B": text}; NotesMissing names the missing path and the setting."""
    where = folder() if where is None else Path(where)
    missing = [where / name for name in FILES.values() if not (where / name).is_file()]
    if missing:
        raise NotesMissing(f"the original notes are not at {missing[0]} (set their folder with "
                           f"SNIPPETKIT_NOTES_DIR or notes_dir in [tool.snippetkit] of pyproject.toml)")
    return {note: (where / name).read_text(encoding="utf-8") for note, name in FILES.items()}
