"""One benchmark figure: ours against a ceiling measured in the same run (see ../docs and bench contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class BenchResult:
    value: float
    unit: str
    ceiling: float
    ceiling_what: str
    detail: dict[str, Any] | None = field(default=None, compare=False)  # the full measurement, when useful

    @property
    def ratio(self) -> float:
        return self.value / self.ceiling if self.ceiling else 0.0

    def to_json(self) -> dict[str, Any]:
        data = {**asdict(self), "ratio": round(self.ratio, 4)}
        if self.detail is None:
            del data["detail"]
        return data
