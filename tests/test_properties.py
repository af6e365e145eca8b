"""Invariants of the method (docs/method.md), checked on generated plans."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kjcx.method import compute
from kjcx.plan.model import ActionPlan, Actual, Baseline, Department, Indicator, PlanInfo, Report, Task, TaskStatus

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


def indicator(ident, direction, targets, actuals, lead=(), kind="level", baseline=None,
              binding=False):
    """actuals: year -> one Actual or a list of them (v2 keeps a list per year)."""
    actuals = {y: v if isinstance(v, list) else [v] for y, v in actuals.items()}
    return Indicator(id=ident, name=ident, unit="家", direction=direction, kind=kind,
                     targets=targets, actuals=actuals, lead=list(lead), baseline=baseline,
                     binding=binding)


@st.composite
def dated_entries(draw, year):
    """One to three figures of a year, oldest first: strictly increasing as_of,
    the last one possibly a year-end figure without as_of."""
    days = sorted(draw(st.sets(st.integers(0, 363), min_size=1, max_size=3)))
    entries = [Actual(value=draw(POSITIVE), as_of=date(year, 1, 1) + timedelta(days=d)) for d in days]
    if draw(st.booleans()):
        entries[-1] = Actual(value=entries[-1].value)
    return entries


@st.composite
def indicators(draw, ident="i"):
    targets = {y: draw(POSITIVE) for y in YEARS if draw(st.booleans())} or {YEARS[-1]: D(1)}
    actuals = {y: draw(dated_entries(y)) for y in YEARS if draw(st.booleans())}
    baseline = Baseline(year=2020, value=draw(POSITIVE)) if draw(st.booleans()) else None
    return indicator(ident, draw(st.sampled_from(["higher", "lower"])), targets, actuals,
                     lead=draw(st.lists(st.sampled_from(DEPTS), max_size=2, unique=True)),
                     kind=draw(st.sampled_from(["level", "flow"])), baseline=baseline,
                     binding=draw(st.booleans()))


@st.composite
def tasks(draw, ident):
    progress = {}
    for y in YEARS:
        if draw(st.booleans()):
            progress[y] = [Report(status=draw(st.sampled_from(list(TaskStatus))),
                                  percent=draw(st.none() | st.integers(0, 100).map(D)))]
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
        dept = st_.departments[0]
        assert dept.level == "green" and not dept.lagging and dept.lagging_lead == []
        assert dept.worst == "only"  # a met indicator still has a rate: it is the worst of one
        assert st_.summary.lagging_departments == []


@given(target=EXACT, actual=EXACT, year=st.sampled_from(YEARS))
def test_inverting_a_higher_indicator_into_a_lower_one_keeps_its_status(target, actual, year):
    higher = indicator("h", "higher", {year: target}, {year: Actual(value=actual)})
    lower = indicator("l", "lower", {year: 1 / target}, {year: Actual(value=1 / actual)})
    plan = make_plan([higher, lower])
    a, b = compute.indicator_rows(plan, year)
    assert a.status == b.status
    assert a.rate == b.rate
    assert a.completion == b.completion  # A/T = (1/T)/(1/A)


@given(target=POSITIVE, actual=POSITIVE, direction=st.sampled_from(["higher", "lower"]),
       kind=st.sampled_from(["level", "flow"]))
def test_at_year_end_rate_reaches_one_exactly_when_gap_is_not_positive(target, actual, direction, kind):
    ind = indicator("i", direction, {2022: target}, {2022: Actual(value=actual)}, kind=kind)
    r = compute.indicator_rows(make_plan([ind]), 2022)[0]
    assert (r.rate >= 1) == (r.gap <= 0)
    assert (r.status == "met") == (r.gap <= 0)
    # at year end E = T: completion is the rate, and a higher indicator's schedule is 1
    assert r.completion == r.rate
    assert r.schedule == (1 if direction == "higher" else None)


@given(target=POSITIVE, actual=POSITIVE, kind=st.sampled_from(["level", "flow"]),
       day=st.integers(0, 363), start=POSITIVE)
def test_ahead_is_the_shortfall_against_expected_in_points_of_the_target(target, actual, kind, day, start):
    # higher: ahead = (A/T - E/T) x 100 = (A - E)/T x 100, so it is >= 0 exactly when met
    as_of = date(2022, 1, 1) + timedelta(days=day)
    ind = indicator("i", "higher", {2021: start, 2022: target}, {2022: Actual(value=actual, as_of=as_of)},
                    kind=kind)
    r = compute.indicator_rows(make_plan([ind]), 2022)[0]
    # Decimal keeps 28 significant digits: compare relative to the size of the number
    assert abs(r.ahead - (r.actual - r.expected) / r.target * 100) <= D("1e-20") * max(1, abs(r.ahead))
    assert (r.status == "met") == (r.actual >= r.expected)
    if r.status == "met":
        assert r.ahead >= -D("1e-20") * max(1, r.completion * 100)
    else:
        assert r.ahead < 0


@given(target=POSITIVE, actual=POSITIVE, direction=st.sampled_from(["higher", "lower"]))
def test_binding_only_turns_near_into_behind(target, actual, direction):
    plain = indicator("p", direction, {2022: target}, {2022: Actual(value=actual)})
    bound = indicator("b", direction, {2022: target}, {2022: Actual(value=actual)}, binding=True)
    a, b = compute.indicator_rows(make_plan([plain, bound]), 2022)
    assert b.status != "near"
    assert b.status == ("behind" if a.status == "near" else a.status)
    assert (a.rate, a.completion, a.gap) == (b.rate, b.completion, b.gap)


@settings(max_examples=60)
@given(data=st.data())
def test_as_of_after_every_figure_changes_nothing(data):
    inds = [data.draw(indicators(ident=f"i{n}")) for n in range(data.draw(st.integers(1, 4)))]
    plan = make_plan(inds, departments=DEPTS)
    year = data.draw(st.sampled_from(YEARS))
    a = compute.year_status(plan, year)
    b = compute.year_status(plan, year, as_of=date(YEARS[-1] + 1, 12, 31))
    assert a.indicators == b.indicators and a.departments == b.departments


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
    # levels and evidence do not depend on the order; the order of ids inside the
    # evidence lists and the tie of `worst` follow the file, as the method says
    def key(d):
        return (d.name, d.level, sorted(map(str, d.lagging_lead)), sorted(map(str, d.missing)),
                d.lagging_participating)
    assert [key(d) for d in a.departments] == [key(d) for d in b.departments]
    assert a.summary == b.summary


@settings(max_examples=60)
@given(data=st.data())
def test_departments_are_ordered_by_level_then_counts_then_plan_order(data):
    inds = [data.draw(indicators(ident=f"i{n}")) for n in range(data.draw(st.integers(0, 4)))]
    tsk = [data.draw(tasks(n)) for n in range(1, data.draw(st.integers(0, 5)) + 1)]
    year = data.draw(st.sampled_from(YEARS))
    rows = compute.year_status(make_plan(inds, tsk, DEPTS), year).departments
    assert sorted(d.name for d in rows) == sorted(DEPTS)  # every department, once
    rank = {"red": 0, "yellow": 1, "green": 2}
    keys = [(rank[d.level], -(len(d.lagging_lead) + len(d.missing)), -len(d.lagging_participating),
             DEPTS.index(d.name)) for d in rows]
    assert keys == sorted(keys)
    for d in rows:
        assert (d.level == "red") == bool(d.lagging_lead or d.missing)
        assert (d.level == "yellow") == (not d.lagging_lead and not d.missing
                                         and bool(d.lagging_participating))
