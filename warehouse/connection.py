"""Opening the warehouse. DuckDB allows one writer: wait for the lock, boundedly, then name the holder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import tenacity


class MissingWarehouseError(FileNotFoundError):
    """There is no warehouse file where the configuration points (nothing was loaded yet)."""


class MissingModelsError(RuntimeError):
    """The warehouse exists but its models were never published (``nianbao models`` not run)."""


def require_warehouse(path: Path) -> Path:
    """``path`` when the warehouse file exists; a reader must not create an empty one by connecting."""
    if not path.exists():
        raise MissingWarehouseError(f"no warehouse at {path}: run `nianbao warehouse` (or `make warehouse`)")
    return path


class QueryError(ValueError):
    """DuckDB refused a query a user typed (syntax, unknown table or column …)."""


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse file; the message names its PID when DuckDB reports it."""


@dataclass(frozen=True)
class LockPolicy:
    attempts: int = 20
    max_seconds: float = 30.0
    first_wait: float = 0.1
    max_wait: float = 2.0


DEFAULT_LOCK_POLICY = LockPolicy()
_PID = re.compile(r"PID (\d+)")


def _is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def connect(
    path: Path, *, read_only: bool = False, lock: LockPolicy = DEFAULT_LOCK_POLICY
) -> duckdb.DuckDBPyConnection:
    if read_only:
        require_warehouse(path)  # a reader finds nothing to read; it must not create an empty file either
    path.parent.mkdir(parents=True, exist_ok=True)
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(_is_lock_error),
        stop=tenacity.stop_after_attempt(lock.attempts) | tenacity.stop_after_delay(lock.max_seconds),
        wait=tenacity.wait_exponential(multiplier=lock.first_wait, max=lock.max_wait),
        reraise=True,
    )
    try:
        con = retrying(duckdb.connect, str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if not _is_lock_error(exc):
            raise
        found = _PID.search(str(exc))
        holder = f"process PID {found.group(1)}" if found else "another process"
        raise WarehouseLockedError(
            f"warehouse {path} is locked by {holder}; gave up after {lock.attempts} attempts or "
            f"{lock.max_seconds:g}s. Wait for it to finish or stop it. DuckDB said: {exc}"
        ) from exc
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # logs and tests, not a terminal
    return con
