"""The fast path (kjcx.plan.fastload) never decides differently from pydantic: on every
input it accepts, pydantic accepts the same value and builds an equal record; on
anything else it gives up. Checked on the seed, every fixture plan, the bad
corpora, and thousands of mutations of the seed."""

import copy
import datetime
import random
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from kjcx.plan import fastload, model
from kjcx.plan.reader import read

from conftest import BAD, PLANS, ROOT, SEED

PARTS = {  # top-level key -> the type load.py validates it as
    "plan": model.PlanInfo,
    "indicators": list[model.Indicator],
    "revisions": list[model.Revision],
    "sections": list[model.Section],
    "tasks": list[model.Task],
}


def parts(directory: Path):
    for name in ("targets.yaml", "tasks.yaml"):
        path = directory / name
        if not path.exists():
            continue
        data = read(path, str(path)).data
        if isinstance(data, dict):
            for key, value in data.items():
                if key in PARTS:
                    yield PARTS[key], value


def agree(tp, value) -> bool:
    """True when the fast path accepted `value`; fails when it accepted what pydantic
    refuses or built a different record."""
    try:
        fast = fastload.convert(tp, copy.deepcopy(value))
    except fastload.Unsure:
        return False
    slow = TypeAdapter(tp).validate_python(copy.deepcopy(value))  # must not raise
    assert fast == slow
    return True


def directories():
    yield SEED
    yield from sorted(p for p in PLANS.iterdir() if p.is_dir())


@pytest.mark.parametrize("directory", list(directories()), ids=lambda p: p.name)
def test_well_formed_plans_take_the_fast_path(directory):
    for tp, value in parts(directory):
        assert agree(tp, value), (directory, tp)


@pytest.mark.parametrize("directory", sorted(p for base in (BAD, ROOT / "tests" / "hostile")
                                             if base.exists() for p in base.iterdir() if p.is_dir()),
                         ids=lambda p: p.name)
def test_bad_input_never_passes_where_pydantic_refuses(directory):
    for tp, value in parts(directory):
        try:
            agree(tp, value)
        except ValidationError as exc:  # pragma: no cover - the assertion's message
            pytest.fail(f"fast path accepted what pydantic refuses: {exc}")


ODD_VALUES = ["2.59", "2.59%", "", None, True, False, 0, -1, 1.5, Decimal("NaN"), Decimal("1E+2"),
              [], {}, [1], {"value": 1}, datetime.date(2021, 6, 30), "2021-06-30",
              datetime.datetime(2021, 6, 30), "done", "已完成", "x" * 3, 10**20, "Ａ", b"x"]


def _mutate(rnd: random.Random, value):
    """One random change somewhere in `value`: a replaced, deleted or added item."""
    if isinstance(value, dict) and value:
        key = rnd.choice(list(value))
        roll = rnd.random()
        if roll < 0.15:
            del value[key]
        elif roll < 0.25:
            value[rnd.choice(["taregts", "extra", 2021, "2021", None, 1.5])] = rnd.choice(ODD_VALUES)
        elif roll < 0.6 and isinstance(value[key], (dict, list)) and value[key]:
            _mutate(rnd, value[key])
        else:
            value[key] = rnd.choice(ODD_VALUES)
    elif isinstance(value, list) and value:
        i = rnd.randrange(len(value))
        if isinstance(value[i], (dict, list)) and value[i] and rnd.random() < 0.7:
            _mutate(rnd, value[i])
        else:
            value[i] = rnd.choice(ODD_VALUES)


def test_mutations_of_the_seed():
    rnd = random.Random(20221128)
    seed_parts = list(parts(SEED))
    accepted = refused = 0
    for _ in range(3000):
        tp, value = rnd.choice(seed_parts)
        value = copy.deepcopy(value)
        for _ in range(rnd.randint(1, 3)):
            _mutate(rnd, value)
        try:
            if agree(tp, value):
                accepted += 1
            else:
                refused += 1
        except ValidationError as exc:
            pytest.fail(f"fast path accepted what pydantic refuses: {exc}")
    # both kinds of outcome occur, so the test exercises both directions
    assert accepted > 100 and refused > 1000
