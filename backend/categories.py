"""Ticket categories and their per-stage time limits, loaded from `config/categories.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from .tickets import Priority, Stage
from .worktime import Clock

DEFAULT_CATEGORIES = Path(__file__).parent / "config" / "categories.toml"


@dataclass(frozen=True)
class Category:
    """One category: names, the clock its limits count on, limits in minutes per stage, automation."""

    code: str
    name: str
    name_en: str
    clock: Clock
    limits: Mapping[Stage, float]
    priority: Priority = Priority.NORMAL
    auto_dispatch: bool = False
    auto_escalate: bool = False

    def limit(self, stage: str) -> float:
        """Minutes allowed for `stage` on this category's clock."""
        return self.limits[Stage(stage)]

    def clock_for(self, priority: str) -> Clock:
        """Urgent and emergency tickets run on the wall clock whatever the category says."""
        if Priority(priority) is not Priority.NORMAL:
            return Clock.WALL
        return self.clock


class CategoryTable(Mapping[str, Category]):
    """Categories by code, in file order, with a fallback for unknown codes in old data."""

    def __init__(self, categories: list[Category], *, at_risk_ratio: float = 0.8, fallback: str = "other"):
        self._by_code: dict[str, Category] = {}
        for c in categories:
            if c.code in self._by_code:
                raise ValueError(f"category {c.code!r} is defined twice")
            self._by_code[c.code] = c
        if not 0 < at_risk_ratio <= 1:
            raise ValueError(f"at_risk_ratio must be in (0, 1], got {at_risk_ratio}")
        if fallback not in self._by_code:
            raise ValueError(f"fallback category {fallback!r} is not defined")
        self.at_risk_ratio = float(at_risk_ratio)
        self.fallback = fallback

    @classmethod
    def load(cls, path: str | Path = DEFAULT_CATEGORIES) -> CategoryTable:
        """Read and validate a categories TOML file; errors name the file and the category."""
        with open(path, "rb") as f:
            data = tomllib.load(f)
        try:
            return cls.from_dict(data)
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CategoryTable:
        """Build from the parsed TOML mapping (top-level keys and a `[[category]]` array)."""
        items = [_category(entry) for entry in data.get("category", [])]
        return cls(items, at_risk_ratio=data.get("at_risk_ratio", 0.8), fallback=data.get("fallback", "other"))

    def __getitem__(self, code: str) -> Category:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def lookup(self, code: str) -> Category:
        """The category, or the fallback one for a code no longer configured (old tickets)."""
        return self._by_code.get(code) or self._by_code[self.fallback]


def _category(entry: dict[str, Any]) -> Category:
    code = entry.get("code", "?")
    try:
        raw_limits = entry["limits"]
        limits = {}
        for stage in Stage:
            minutes = float(raw_limits[stage.value])
            if minutes <= 0:
                raise ValueError(f"limit {stage.value} must be positive, got {minutes}")
            limits[stage] = minutes
        unknown = set(raw_limits) - {s.value for s in Stage}
        if unknown:
            raise ValueError(f"unknown stages in limits: {sorted(unknown)}")
        return Category(
            code=entry["code"], name=entry["name"], name_en=entry.get("name_en", entry["code"]),
            clock=Clock(entry.get("clock", "working")), limits=MappingProxyType(limits),
            priority=Priority(entry.get("priority", "normal")),
            auto_dispatch=bool(entry.get("auto_dispatch", False)),
            auto_escalate=bool(entry.get("auto_escalate", False)),
        )
    except KeyError as exc:
        raise ValueError(f"category {code!r}: missing {exc.args[0]!r}") from exc
    except ValueError as exc:
        raise ValueError(f"category {code!r}: {exc}") from exc
