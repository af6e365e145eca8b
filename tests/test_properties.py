"""Invariants of the method (SPEC §2), checked on generated plans."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kjcx import compute
from kjcx.model import (ActionPlan, Actual, Baseline, Department, Indicator, PlanInfo, Report,
                        Task, TaskStatus)

D = Decimal
YEARS = (2021, 2022, 2023)

# Values whose reciprocals are exact decimals (2^a * 5^b, scaled), so 1/x loses nothing.
EXACT = st.builds(lambda a, b, s: D(2) ** a * D(5) ** b * D(10) ** s,
                  st.integers(0, 6), st.integers(0, 6), st.integers(-3, 0))
POSITIVE = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
DEPTS = ["甲局", "乙局", "丙局", "丁局"]


def make_plan(indicators, tasks=(), departments=None):
    info = {"name": "生成的计划", "start": YEARS[0], "end": YEARS[-1]}
    if departments is not None:
        info["departments"] = [Department(name=d) for d in departments]
    return ActionPlan(plan=PlanInfo(**info), indicators=list(indicators), sections=[],
                      tasks=list(tasks))


def indicator(ident, direction, targets, actuals, lead=(), kind="level", baseline=None):
    return Indicator(id=ident, name=ident, unit="家", direction=direction, kind=kind,
                     targets=targets, actuals=actuals, lead=list(lead), baseline=baseline)


@st.composite
def indicators(draw, ident="i"):
    targets = {y: draw(POSITIVE) for y in YEARS if draw(st.booleans())} or {YEARS[-1]: D(1)}
    actuals = {}
    for y in YEARS:
        if draw(st.booleans()):
            day = draw(st.integers(0, 364))
            as_of = date(y, 1, 1) + timedelta(days=day) if draw(st.booleans()) else None
            actuals[y] = Actual(value=draw(POSITIVE), as_of=as_of)
    baseline = Baseline(year=2020, value=draw(POSITIVE)) if draw(st.booleans()) else None
    return indicator(ident, draw(st.sampled_from(["higher", "lower"])), targets, actuals,
                     lead=draw(st.lists(st.sampled_from(DEPTS), max_size=2, unique=True)),
                     kind=draw(st.sampled_from(["level", "flow"])), baseline=baseline)


@st.composite
def tasks(draw, ident):
    progress = {}
    for y in YEARS:
        if draw(st.booleans()):
            progress[y] = Report(status=draw(st.sampled_from(list(TaskStatus))),
                                 percent=draw(st.none() | st.integers(0, 100).map(D)))
    lead = draw(st.lists(st.sampled_from(DEPTS), min_size=1, max_size=2, unique=True))
    part = draw(st.lists(st.sampled_from([d for d in DEPTS if d not in lead]), max_size=2, unique=True))
    return Task(id=ident, section=1, title=f"任务{ident}", lead=lead, participants=part, progress=progress)


@given(target=POSITIVE, actual=POSITIVE, year=st.sampled_from(YEARS),
       direction=st.sampled_from(["higher", "lower"]))
def test_met_indicator_never_makes_its_lead_lagging(target, actual, year, direction):
    ind = indicator("only", direction, {year: target}, {year: Actual(value=actual)}, lead=["甲局"])
    plan = make_plan([ind])
    st_ = compute.year_status(plan, year)
    if st_.indicators[0].status == "met":
        assert st_.departments[0].score == 0 and not st_.departments[0].lagging
        assert st_.summary.lagging_departments == []


@given(target=EXACT, actual=EXACT, year=st.sampled_from(YEARS))
def test_inverting_a_higher_indicator_into_a_lower_one_keeps_its_status(target, actual, year):
    higher = indicator("h", "higher", {year: target}, {year: Actual(value=actual)})
    lower = indicator("l", "lower", {year: 1 / target}, {year: Actual(value=1 / actual)})
    plan = make_plan([higher, lower])
    a, b = compute.indicator_rows(plan, year)
    assert a.status == b.status
    assert a.rate == b.rate


@given(target=POSITIVE, actual=POSITIVE, direction=st.sampled_from(["higher", "lower"]),
       kind=st.sampled_from(["level", "flow"]))
def test_at_year_end_rate_reaches_one_exactly_when_gap_is_not_positive(target, actual, direction, kind):
    ind = indicator("i", direction, {2022: target}, {2022: Actual(value=actual)}, kind=kind)
    r = compute.indicator_rows(make_plan([ind]), 2022)[0]
    assert (r.rate >= 1) == (r.gap <= 0)
    assert (r.status == "met") == (r.gap <= 0)


@settings(max_examples=60)
@given(data=st.data())
def test_order_of_indicators_in_the_file_does_not_change_results(data):
    inds = [data.draw(indicators(ident=f"i{n}")) for n in range(data.draw(st.integers(1, 6)))]
    tsk = [data.draw(tasks(n)) for n in range(1, data.draw(st.integers(0, 4)) + 1)]
    shuffled = data.draw(st.permutations(inds))
    year = data.draw(st.sampled_from(YEARS))
    a = compute.year_status(make_plan(inds, tsk, DEPTS), year)
    b = compute.year_status(make_plan(shuffled, tsk, DEPTS), year)
    assert {r.indicator.id: r for r in a.indicators} == {r.indicator.id: r for r in b.indicators}
    assert a.departments == b.departments  # plan.departments fixes the tie order
    assert a.summary == b.summary
