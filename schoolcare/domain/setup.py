"""A new school's next steps: what the coordinator sets up first, in order, each with the keys that open its place."""
from __future__ import annotations

from dataclasses import dataclass

# In the order a school sets up: the roster (or its classes), the staff and who leads each class, the
# care-centre rooms, and last the care teachers, with which the school's care work begins.
STEPS = ("roster", "staff", "rooms", "care_teachers")
# The keys that open each step's place, pressed in turn from any area.
STEP_KEYS = {"roster": ("2", "i"), "staff": ("7",), "rooms": ("5", "a"), "care_teachers": ("2", "a")}


@dataclass(frozen=True)
class SetupStep:
    name: str  # one of STEPS
    done: bool
    keys: tuple[str, ...]


@dataclass(frozen=True)
class SetupSteps:
    steps: tuple[SetupStep, ...]

    @property
    def walking(self) -> bool:
        """Whether the home still lists the steps: until the last one is done (care teachers assigned, so care
        work has begun); a school already running shows its problems instead, never this list."""
        return not all(s.done for s in self.steps) and not self.step("care_teachers").done

    def step(self, name: str) -> SetupStep:
        return next(s for s in self.steps if s.name == name)
