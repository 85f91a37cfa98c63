"""``make bench-national``: the whole path at national scale, measured (not part of ``make bench`` or CI).

At each size of ``NIANBAO_NATIONAL_SIZES`` the demo web is grown to that many synthetic reports (every era
and table layout of ``demo/synth.py``, on the five CMS-family sites) and the whole path runs in a fresh data
directory, one stage per child process: generate → crawl (fetch, archive, extract, parse, validate, dedupe,
stage) → load → models (build, data tests, publish). Per stage: wall time, CPU time (self + children),
peak RSS, archive and warehouse bytes. Then the per-report cost is fitted over the sizes and priced for the
national back catalogue (``extrapolate.py``), the analysts' star query is timed (wall and CPU) on
``NIANBAO_NATIONAL_STAR_ROWS`` synthetic fact rows (``star.py``), and the loader is measured against
DuckDB's COPY at ``NIANBAO_NATIONAL_LOAD_ROWS`` fact rows (``benchmarks/load.py``). Results go into the
``national`` section of ``data/bench/latest.json`` and into ``data/bench/national.md``.
"""
