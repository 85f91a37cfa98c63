"""The ``nianbao`` command: the only package that wires the stages together (demo → crawl → load → models).

``crawler/`` and ``warehouse/`` never import each other's internals, the demo, the benchmarks or this
package; they meet here and in the files they leave under ``NIANBAO_DATA_DIR``.
"""
