"""The ``dbt_like_sql/`` project: SQL models by layer, their YAML (grain, key, columns, tests), SQL tests.

Layout: ``staging/`` (views, ``stg_``), ``intermediate/`` (tables, ``int_``), ``marts/`` (tables, ``dim_``
``fct_`` ``mart_``), ``tests/`` (singular SQL tests returning offending rows). Every model has a YAML entry
with a grain, every YAML entry has a SQL file, and unknown YAML keys are rejected: a typo must not
silently switch a test off. ``columns.yml`` at the root is the glossary: a column the model YAML leaves
undescribed (``report_key``, ``report_year`` … appear in many models) takes its description from there,
like a dbt doc block, so one meaning is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
PROJECT_ROOT = Path(__file__).resolve().parent.parent / "dbt_like_sql"
LAYERS: dict[str, tuple[str, tuple[str, ...]]] = {  # folder -> (materialisation, allowed name prefixes)
    "staging": ("view", ("stg_",)),
    "intermediate": ("table", ("int_",)),
    "marts": ("table", ("dim_", "fct_", "mart_")),
}
FILE_KEYS = {"models"}
GLOSSARY = "columns.yml"
MODEL_KEYS = {"name", "description", "grain", "key", "columns"}
COLUMN_KEYS = {"name", "description", "tests"}
TEST_ARGS: dict[str, set[str]] = {  # generic test -> the arguments it takes (all required)
    "unique": set(),
    "not_null": set(),
    "accepted_values": {"values"},
    "relationships": {"to", "field"},
}
GENERIC_TESTS = set(TEST_ARGS)
SEVERITIES = ("error", "warn")


class ProjectError(ValueError):
    """The project's files are inconsistent (unknown key, missing YAML or SQL, bad name, ...)."""


@dataclass(frozen=True)
class GenericTest:
    kind: str
    model: str
    column: str
    args: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"

    @property
    def name(self) -> str:
        suffix = f"_{self.args['to']}" if self.kind == "relationships" else ""
        return f"{self.kind}_{self.model}_{self.column}{suffix}"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    tests: tuple[GenericTest, ...]

    @property
    def accepted_values(self) -> tuple[str, ...]:
        """The closed set of values, when the column has one (its ``accepted_values`` test)."""
        for test in self.tests:
            if test.kind == "accepted_values":
                return tuple(str(v) for v in test.args["values"])
        return ()


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    path: Path
    sql: str
    grain: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def materialization(self) -> str:
        return LAYERS[self.layer][0]


@dataclass(frozen=True)
class SingularTest:
    name: str
    path: Path
    sql: str
    severity: str
    description: str


@dataclass(frozen=True)
class Project:
    root: Path
    models: dict[str, Model]
    tests: tuple[SingularTest, ...]

    def generic_tests(self) -> list[GenericTest]:
        found: list[GenericTest] = []
        for model in self.models.values():
            for column in model.columns:
                found.extend(column.tests)
        return found


def _reject_unknown(where: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ProjectError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _parse_test(where: str, model: str, column: str, spec: Any) -> GenericTest:
    args: dict[str, Any]
    if isinstance(spec, str):
        kind, args = spec, {}
    elif isinstance(spec, dict) and len(spec) == 1:
        kind, raw_args = next(iter(spec.items()))
        args = dict(raw_args or {})
    else:
        raise ProjectError(f"{where}: a test is a name or a one-key mapping, got {spec!r}")
    if kind not in GENERIC_TESTS:
        raise ProjectError(f"{where}: unknown test {kind!r}; known: {sorted(GENERIC_TESTS)}")
    severity = args.pop("severity", "error")
    if severity not in SEVERITIES:
        raise ProjectError(f"{where}: severity must be one of {SEVERITIES}, got {severity!r}")
    _reject_unknown(f"{where} test {kind}", args, TEST_ARGS[kind])
    missing = TEST_ARGS[kind] - set(args)
    if missing:
        raise ProjectError(f"{where} test {kind}: missing {sorted(missing)}")
    return GenericTest(kind, model, column, args, severity)


def _parse_yaml(path: Path) -> list[dict[str, Any]]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise ProjectError(f"{path}: expected a mapping with 'models'")
    _reject_unknown(str(path), data, FILE_KEYS)
    entries = data.get("models") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ProjectError(f"{path}: 'models' must be a list of mappings")
    return entries


def load_glossary(root: Path) -> dict[str, str]:
    """Column name -> its shared description (``columns.yml``); none when the file is absent."""
    path = root / GLOSSARY
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    if not isinstance(data, dict) or set(data) != {"columns"} or not isinstance(data["columns"], dict):
        raise ProjectError(f"{path}: expected one key, 'columns', mapping column names to descriptions")
    return {str(name): str(text).strip() for name, text in data["columns"].items()}


def _model(
    layer: str, sql_path: Path, entry: dict[str, Any], yaml_path: Path, glossary: dict[str, str]
) -> Model:
    name = entry["name"]
    where = f"{yaml_path} model {name}"
    _reject_unknown(where, entry, MODEL_KEYS)
    if not entry.get("grain"):
        raise ProjectError(f"{where}: every model states its grain")
    columns = []
    for raw in entry.get("columns") or []:
        if not isinstance(raw, dict) or "name" not in raw:
            raise ProjectError(f"{where}: a column is a mapping with a name, got {raw!r}")
        _reject_unknown(f"{where} column {raw['name']}", raw, COLUMN_KEYS)
        tests = tuple(
            _parse_test(f"{where} column {raw['name']}", name, raw["name"], spec)
            for spec in raw.get("tests") or []
        )
        description = str(raw.get("description") or glossary.get(raw["name"], "")).strip()
        columns.append(Column(raw["name"], description, tests))
    key = tuple(entry.get("key") or ())
    documented = {c.name for c in columns}
    if missing := [k for k in key if k not in documented]:
        raise ProjectError(f"{where}: key column(s) {missing} are not documented under columns")
    return Model(
        name=name,
        layer=layer,
        path=sql_path,
        sql=sql_path.read_text(encoding="utf-8"),
        grain=str(entry["grain"]),
        description=str(entry.get("description", "")),
        key=key,
        columns=tuple(columns),
    )


def _singular(path: Path) -> SingularTest:
    sql = path.read_text(encoding="utf-8")
    severity, description = "error", ""
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        if body.startswith("severity:"):
            severity = body.split(":", 1)[1].strip()
        elif body:
            description = f"{description} {body}".strip()
    if severity not in SEVERITIES:
        raise ProjectError(f"{path}: severity must be one of {SEVERITIES}, got {severity!r}")
    return SingularTest(path.stem, path, sql, severity, description)


def load_project(root: Path = PROJECT_ROOT) -> Project:
    models: dict[str, Model] = {}
    glossary = load_glossary(root)
    for layer, (_, prefixes) in LAYERS.items():
        folder = root / layer
        sql_files = {p.stem: p for p in sorted(folder.glob("*.sql"))}
        entries: dict[str, tuple[dict[str, Any], Path]] = {}
        for yaml_path in sorted(folder.glob("*.yml")):
            for entry in _parse_yaml(yaml_path):
                if "name" not in entry:
                    raise ProjectError(f"{yaml_path}: a model entry without a name")
                if entry["name"] in entries:
                    raise ProjectError(f"{yaml_path}: model {entry['name']} is documented twice")
                entries[entry["name"]] = (entry, yaml_path)
        if undocumented := sorted(set(sql_files) - set(entries)):
            raise ProjectError(f"{folder}: model(s) without YAML (grain, columns): {undocumented}")
        if no_sql := sorted(set(entries) - set(sql_files)):
            raise ProjectError(f"{folder}: YAML documents model(s) with no SQL file: {no_sql}")
        for name, sql_path in sql_files.items():
            if not name.startswith(prefixes):
                raise ProjectError(f"{sql_path}: models in {layer}/ are named {'/'.join(prefixes)}*")
            if name in models:
                raise ProjectError(f"{sql_path}: model name {name} is already used in {models[name].path}")
            entry, yaml_path = entries[name]
            models[name] = _model(layer, sql_path, entry, yaml_path, glossary)
    tests = tuple(_singular(p) for p in sorted((root / "tests").glob("*.sql")))
    return Project(root, models, tests)
