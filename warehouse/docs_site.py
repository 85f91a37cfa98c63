"""The data dictionary as a small offline website, like dbt docs: ``data/docs/index.html`` (every model,
a search over models and columns, the lineage graph) and one page per model (grain, key, columns with
their types, descriptions, accepted values and tests, what it reads and what reads it, its SQL).

Every page is self-contained (inline CSS and script, the graph as inline SVG): it opens from a file
or an archive with no network. The graph is laid out in layers: a model sits one column right of the
deepest model it reads.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path

from warehouse.project import Column, Model, Project

NODE_W, NODE_H, GAP_X, GAP_Y = 210, 22, 60, 8
LAYER_COLOURS = {"staging": "#e8f0fe", "intermediate": "#fef7e0", "marts": "#e6f4ea"}
LAYER_ORDER = ("marts", "intermediate", "staging")  # what analysts query first

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;max-width:1200px;color:#202124}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ddd;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f1f3f4}code,pre{font-family:monospace}
pre{background:#f8f9fa;padding:1em;overflow:auto}input#search{width:100%;font-size:1.1em;padding:6px}
.values{color:#1a73e8}.hidden{display:none}svg a:hover rect{stroke:#1a73e8;stroke-width:2}
"""

_SEARCH = """
const box = document.getElementById('search');
box.addEventListener('input', () => {
  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const row of document.querySelectorAll('tr[data-text]')) {
    const hit = words.every(w => row.dataset.text.includes(w));
    row.classList.toggle('hidden', !hit);
    shown += hit;
  }
  document.getElementById('count').textContent = shown;
});
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _page(title: str, body: str, script: str = "") -> str:
    return (
        f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>\n"
    )


def _depths(project: Project, order: list[str], refs: Mapping[str, set[str]]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for name in order:  # dependency order: every model's inputs already have a depth
        depth[name] = 1 + max((depth[d] for d in refs[name]), default=-1)
    return depth


def lineage_svg(project: Project, order: list[str], refs: Mapping[str, set[str]]) -> str:
    """The model graph: one box per model (a link to its page), one edge per ``ref()``."""
    depth = _depths(project, order, refs)
    rows: dict[int, int] = {}
    where: dict[str, tuple[int, int]] = {}
    for name in sorted(order, key=lambda n: (depth[n], n)):
        row = rows.get(depth[name], 0)
        rows[depth[name]] = row + 1
        where[name] = (depth[name] * (NODE_W + GAP_X), row * (NODE_H + GAP_Y))
    width = (max(depth.values(), default=0) + 1) * (NODE_W + GAP_X)
    height = max(rows.values(), default=1) * (NODE_H + GAP_Y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" class="lineage">']
    for name in order:
        x2, y2 = where[name]
        for dep in sorted(refs[name]):
            x1, y1 = where[dep]
            a, b = (x1 + NODE_W, y1 + NODE_H / 2), (x2, y2 + NODE_H / 2)
            mid = (a[0] + b[0]) / 2
            parts.append(
                f'<path class="edge" data-from="{dep}" data-to="{name}" fill="none" stroke="#9aa0a6" '
                f'd="M{a[0]},{a[1]} C{mid},{a[1]} {mid},{b[1]} {b[0]},{b[1]}"/>'
            )
    for name in order:
        x, y = where[name]
        colour = LAYER_COLOURS[project.models[name].layer]
        parts.append(
            f'<a href="{name}.html"><g class="node" data-model="{name}"><rect x="{x}" y="{y}" '
            f'width="{NODE_W}" height="{NODE_H}" rx="4" fill="{colour}" stroke="#5f6368"/>'
            f'<text x="{x + 6}" y="{y + 15}" font-size="12">{name}</text></g></a>'
        )
    return "\n".join([*parts, "</svg>"])


def _values(column: Column) -> str:
    values = column.accepted_values
    return f'<span class="values">{_e(", ".join(values))}</span>' if values else ""


def _tests(column: Column) -> str:
    return ", ".join(
        t.kind + (f" → {t.args['to']}.{t.args['field']}" if t.kind == "relationships" else "")
        for t in column.tests
    )


def model_page(model: Model, reads: list[str], read_by: list[str], types: dict[str, str]) -> str:
    links = lambda names: ", ".join(f'<a href="{n}.html">{n}</a>' for n in names) or "—"  # noqa: E731
    rows = "".join(
        f"<tr><td><code>{_e(c.name)}</code></td><td>{_e(types.get(c.name, ''))}</td>"
        f"<td>{_e(c.description)}</td><td>{_values(c)}</td><td>{_e(_tests(c))}</td></tr>"
        for c in model.columns
    )
    body = (
        f'<p><a href="index.html">← all models</a></p><h1>{_e(model.name)}</h1><p>{_e(model.description)}</p>'
        f"<ul><li><b>grain:</b> {_e(model.grain)}</li><li><b>key:</b> {_e(', '.join(model.key) or '—')}</li>"
        f"<li><b>layer:</b> {_e(model.layer)} ({_e(model.materialization)})</li>"
        f"<li><b>reads:</b> {links(reads)}</li><li><b>read by:</b> {links(read_by)}</li>"
        f"<li><b>file:</b> <code>dbt_like_sql/{_e(model.layer)}/{_e(model.path.name)}</code></li></ul>"
        "<h2>Columns</h2><table><tr><th>column</th><th>type</th><th>description</th>"
        f"<th>accepted values</th><th>tests</th></tr>{rows}</table>"
        f"<h2>SQL</h2><pre>{_e(model.sql.strip())}</pre>"
    )
    return _page(model.name, body)


def _search_text(model: Model) -> str:
    words = [model.name, model.description, model.grain]
    words += [f"{c.name} {c.description} {' '.join(c.accepted_values)}" for c in model.columns]
    return " ".join(words).lower()


def index_page(project: Project, order: list[str], refs: Mapping[str, set[str]], notes: list[str]) -> str:
    rows = "".join(
        f'<tr data-text="{_e(_search_text(m))}"><td><a href="{m.name}.html">{m.name}</a></td>'
        f"<td>{m.layer}</td><td>{_e(m.grain)}</td><td>{_e(m.description)}</td>"
        f"<td>{_e(', '.join(c.name for c in m.columns))}</td></tr>"
        for m in sorted(project.models.values(), key=lambda m: (LAYER_ORDER.index(m.layer), m.name))
    )
    tests = "".join(
        f"<li><code>{_e(t.name)}</code> ({t.severity}): {_e(t.description)}</li>" for t in project.tests
    )
    body = (
        "<h1>nianbao warehouse: data dictionary</h1>"
        + "".join(f"<p>{_e(n)}</p>" for n in notes)
        + '<input id="search" type="search" placeholder="search models and columns (grant_rate, 综述 …)">'
        f'<p><span id="count">{len(project.models)}</span> models shown</p>'
        "<table><tr><th>model</th><th>layer</th><th>grain</th><th>description</th><th>columns</th></tr>"
        f"{rows}</table><h2>Lineage</h2>{lineage_svg(project, order, refs)}"
        f"<h2>Data tests</h2><ul>{tests}</ul>"
        f'<script type="application/json" id="models">{_e(json.dumps(sorted(project.models)))}</script>'
    )
    return _page("nianbao data dictionary", body, _SEARCH)


def write_site(
    out: Path,
    project: Project,
    order: list[str],
    refs: Mapping[str, set[str]],
    types: Mapping[str, dict[str, str]],
    notes: list[str],
) -> None:
    for stale in out.glob("*.html"):
        stale.unlink()
    read_by: dict[str, list[str]] = {name: [] for name in project.models}
    for name in order:
        for dep in sorted(refs[name]):
            read_by[dep].append(name)
    for name, model in project.models.items():
        page = model_page(model, sorted(refs[name]), read_by[name], types.get(name, {}))
        (out / f"{name}.html").write_text(page, encoding="utf-8")
    (out / "index.html").write_text(index_page(project, order, refs, notes), encoding="utf-8")
