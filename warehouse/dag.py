"""``{{ ref('model') }}`` / ``{{ source('raw', 'table') }}``: find dependencies, order models, render SQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from graphlib import CycleError, TopologicalSorter

from warehouse import dimensions, schema
from warehouse.project import Model, ProjectError

REF = re.compile(r"\{\{\s*ref\(\s*['\"]([\w]+)['\"]\s*\)\s*\}\}")
SOURCE = re.compile(r"\{\{\s*source\(\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]\s*\)\s*\}\}")
LEFTOVER = re.compile(r"\{\{.*?\}\}", re.DOTALL)
SOURCES: dict[str, set[str]] = {
    schema.SCHEMA: {table.name for table in schema.metadata.tables.values()},
    dimensions.SCHEMA: {*dimensions.SEEDS, "quality_weights"},
}


class DagError(ProjectError):
    """A reference to nothing, or a cycle between models."""


def refs(sql: str) -> set[str]:
    return set(REF.findall(sql))


def build_order(models: Mapping[str, Model]) -> list[str]:
    """Models in dependency order (ties by name, so the order is stable); a cycle is named in the error."""
    graph: dict[str, set[str]] = {}
    for name, model in models.items():
        if unknown := sorted(refs(model.sql) - set(models)):
            raise DagError(f"{model.path}: ref() to unknown model(s) {unknown}")
        graph[name] = refs(model.sql)
    sorter = TopologicalSorter(graph)
    try:
        sorter.prepare()
    except CycleError as exc:
        cycle = exc.args[1]
        raise DagError(f"models form a cycle: {' -> '.join(cycle)}") from exc
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def render(sql: str, relation: Callable[[str], str], where: str = "") -> str:
    """Replace ref() with ``relation(name)`` and source() with the schema-qualified table."""

    def source(match: re.Match[str]) -> str:
        source_schema, table = match.group(1), match.group(2)
        if table not in SOURCES.get(source_schema, set()):
            raise DagError(f"{where}: unknown source {source_schema}.{table}")
        return f'{source_schema}."{table}"'

    rendered = SOURCE.sub(source, REF.sub(lambda m: relation(m.group(1)), sql))
    if leftover := LEFTOVER.search(rendered):
        raise DagError(f"{where}: cannot resolve {leftover.group(0)!r} (only ref() and source() exist)")
    return rendered
