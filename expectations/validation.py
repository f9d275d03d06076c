"""What the validate step found (expectations/validate_inputs.py): a module without Great Expectations, so that the
process the step's child (expectations/validate_child.py) answers to reads the outcome without importing it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class InputValidation:
    rejected: Counter = field(default_factory=Counter)      # reason -> rows
    structural: list[str] = field(default_factory=list)     # messages of structural failures
    results: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        failed = [r for r in self.results if not r["success"]]
        out = [f"validation: {len(self.results) - len(failed)}/{len(self.results)} expectations met"]
        if self.rejected:
            out.append("rows rejected by validation: " + ", ".join(f"{k} {v}" for k, v in sorted(self.rejected.items())))
        return out

