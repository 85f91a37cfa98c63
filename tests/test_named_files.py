"""Words that point somewhere: every repository file a doc or a comment names exists.

Checked: paths with a folder (``crawler/spiders/discover.py``) in the README, ``docs/*.md`` and every source,
SQL, YAML and TOML file of the project, resolved from the repository root or the naming file's folder; and
bare Markdown names (``portal-patterns.md``), which must be a file somewhere in the repository. Paths under
``data/`` are outputs of a run, not repository files.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGES = ("crawler", "staging", "warehouse", "demo", "nianbao", "benchmarks", "tests", "dbt_like_sql")
PATH = re.compile(r"(?<![\w/.:{<$*-])((?:[\w.-]+/)+[\w.-]+\.(?:py|toml|sql|yml|yaml|md|csv|cfg))\b")
MARKDOWN = re.compile(r"(?<![\w/.:{<$*-])([\w-]+\.md)\b")
GENERATED = {"index.md", "national.md"}  # written under data/: docs (warehouse/docs.py), bench-national
# Named in crawler/parsing, which the real-documents issue is rewriting; fixed there.


def _documents() -> list[Path]:
    found = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*")):
            if path.suffix in {".py", ".md", ".sql", ".yml", ".toml"} and "golden" not in path.parts:
                if path.name == Path(__file__).name:
                    continue  # its own examples name missing files on purpose
                found.append(path)
    return found


def test_every_named_file_exists() -> None:
    names = {p.name for p in REPO_ROOT.rglob("*") if ".venv" not in p.parts and ".git" not in p.parts}
    missing = []
    for document in _documents():
        text = document.read_text(encoding="utf-8")
        where = str(document.relative_to(REPO_ROOT))
        for ref in PATH.findall(text):
            if ref.startswith("data/") or (REPO_ROOT / ref).exists() or (document.parent / ref).exists():
                continue
            missing.append((where, ref))
        if document.parts[len(REPO_ROOT.parts)] != "tests":  # tests name the files they generate
            missing += [(where, ref) for ref in MARKDOWN.findall(text) if ref not in names | GENERATED]
    assert sorted(missing) == []


def test_the_check_sees_a_missing_file() -> None:
    assert PATH.findall("see crawler/simulator/sites.py and docs/nowhere.md") == [
        "crawler/simulator/sites.py",
        "docs/nowhere.md",
    ]
