"""Matching properties on random small inputs: the tiled engine equals a brute-force reference,
does not depend on input order, tiles or threads, never breaks a must, and the incremental
matchers give the full run's rows."""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runway.engine.matching import (
    SCALE,
    MandateSpec,
    MandateTable,
    Matches,
    MatchResult,
    RoundSpec,
    RoundTable,
    match_all,
    match_mandate,
    match_round,
    score_mandate,
    score_round,
)
from runway.engine.matching.frames import mandates_frame, rounds_frame
from runway.engine.matching.results import explanation_texts, explanations
from tests.engine import matching_reference as reference

SECTORS = ("biotech", "ecommerce", "games", "health", "mobile", "software")
STAGES = ("angel", "seed", "series-a", "series-b")
REGIONS = ("Shenzhen", "Guangdong", "CN", "SF Bay", "USA")
INSTRUMENTS = ("equity", "convertible", "debt")
CURRENCIES = ("CNY", "USD", "EUR")
AMOUNTS = (0, 50, 100, 250, 500, 1000, 2000, 5000, 12345)
FX = {"USD": Decimal("7.1"), "HKD": Decimal("0.91")}  # EUR has no rate: it never converts
REPEAT_RATES = tuple(Decimal(v) for v in ("0", "0.1", "0.3", "0.35", "1"))

amounts = st.sampled_from(AMOUNTS).map(Decimal)
maybe_amount = st.none() | amounts


@st.composite
def mandates(draw: st.DrawFn, index: int) -> MandateSpec:
    low, high = draw(maybe_amount), draw(maybe_amount)
    if low is not None and high is not None and low > high:
        low, high = high, low
    weights = draw(
        st.none()
        | st.dictionaries(
            st.sampled_from(reference.COMPONENTS),
            st.integers(0, 5).map(Decimal) | st.sampled_from([0.1, 0.25, 1 / 3]),
            min_size=1,
        ).filter(lambda w: len(w) < len(reference.COMPONENTS) or any(v > 0 for v in w.values()))
    )
    return MandateSpec(
        mandate_id=f"m{draw(st.integers(0, 99)):02d}-{index}",
        investor="inv",
        instruments=draw(st.frozensets(st.sampled_from(INSTRUMENTS), max_size=2)),
        sectors=draw(st.frozensets(st.sampled_from(SECTORS), max_size=3)),
        stages=draw(st.frozensets(st.sampled_from(STAGES), max_size=2)),
        regions=draw(st.frozensets(st.sampled_from(REGIONS), max_size=2)),
        ticket_min=low,
        ticket_max=high,
        currency=draw(st.sampled_from(CURRENCIES)),
        must=draw(st.frozensets(st.sampled_from(["sectors", "stages", "regions"]))),
        min_gmv_12m=draw(st.none() | st.none() | amounts),
        min_growth_yoy=draw(
            st.none() | st.none() | st.sampled_from([Decimal("-0.1"), Decimal("0.2")])
        ),
        min_months_history=draw(st.none() | st.none() | st.sampled_from([0, 12, 24])),
        min_repeat_rate=draw(st.none() | st.none() | st.sampled_from(REPEAT_RATES)),
        weights=weights,
    )


@st.composite
def rounds(draw: st.DrawFn, index: int) -> RoundSpec:
    target = draw(st.none() | st.sampled_from(AMOUNTS[1:]).map(Decimal))
    minimum = draw(maybe_amount)
    if target is not None and minimum is not None and minimum > target:
        minimum = target
    return RoundSpec(
        round_id=f"r{draw(st.integers(0, 99)):02d}-{index}",
        venture_id=f"v{index}",
        venture="V",
        instrument=draw(st.none() | st.sampled_from(INSTRUMENTS)),
        sectors=draw(st.frozensets(st.sampled_from((*SECTORS, "other")), max_size=3)),
        stage=draw(st.none() | st.sampled_from((*STAGES, "series-c"))),
        regions=draw(st.frozensets(st.sampled_from(REGIONS), max_size=2)),
        target_amount=target,
        min_ticket=minimum,
        currency=draw(st.sampled_from(CURRENCIES)),
        gmv_12m=draw(st.none() | amounts),
        growth_yoy=draw(
            st.none() | st.sampled_from([Decimal("-0.5"), Decimal("0.2"), Decimal("1")])
        ),
        months_history=draw(st.none() | st.sampled_from([0, 6, 12, 24, 30])),
        repeat_rate=draw(st.none() | st.sampled_from(REPEAT_RATES)),
        score=draw(st.none() | st.decimals(0, 100, places=2)),
    )


@st.composite
def markets(draw: st.DrawFn) -> tuple[list[MandateSpec], list[RoundSpec]]:
    n_m, n_r = draw(st.integers(0, 9)), draw(st.integers(0, 24))
    return [draw(mandates(i)) for i in range(n_m)], [draw(rounds(i)) for i in range(n_r)]


def tuned_tables(
    ms: list[MandateSpec],
    rs: list[RoundSpec],
    fx: dict[str, Decimal] | None,
    limits: tuple[int, int],
) -> tuple[MandateTable, RoundTable]:
    """Tables whose rounds are cut into several signature keys and gather groups."""
    round_table = RoundTable.from_frame(
        rounds_frame(rs), fx=fx, signature_limit=limits[0], group_limit=limits[1]
    )
    return MandateTable.from_frame(mandates_frame(ms), fx=fx), round_table


def pairs(matches: Matches | None) -> list[tuple[str, str, int, int]]:
    assert matches is not None
    return [(m.mandate_id, m.round_id, m.rank, round(m.score * SCALE)) for m in matches]


def as_reference(result: MatchResult) -> tuple[dict, dict]:
    per_mandate: dict[str, list[tuple[str, int]]] = {}
    per_round: dict[str, list[tuple[str, int]]] = {}
    for mandate_id, round_id, _, units in pairs(result.by_mandate):
        per_mandate.setdefault(mandate_id, []).append((round_id, units))
    for mandate_id, round_id, _, units in pairs(result.by_round):
        per_round.setdefault(round_id, []).append((mandate_id, units))
    return per_mandate, per_round


def nonempty(table: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    return {key: value for key, value in table.items() if value}


FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    markets(),
    st.integers(1, 5),
    st.booleans(),
    st.tuples(st.integers(1, 5), st.integers(1, 7)),
    st.integers(1, 2),
    st.tuples(st.integers(1, 6), st.integers(1, 12)),
)
def test_top_k_both_ways_equals_brute_force(market, top, with_fx, tile, threads, limits) -> None:
    ms, rs = market
    fx = FX if with_fx else None
    mandate_table, round_table = tuned_tables(ms, rs, fx, limits)

    result = match_all(mandate_table, round_table, top=top, threads=threads, tile=tile)

    expected = reference.ranked(ms, rs, top=top, fx=fx)
    got = as_reference(result)
    assert got[0] == nonempty(expected[0])
    assert got[1] == nonempty(expected[1])


@FAST
@given(markets(), st.integers(1, 4), st.randoms(use_true_random=False))
def test_matching_does_not_depend_on_input_order_tiles_or_threads(market, top, rnd) -> None:
    ms, rs = market
    first = match_all(ms, rs, top=top, fx=FX, threads=1)
    shuffled_m, shuffled_r = list(ms), list(rs)
    rnd.shuffle(shuffled_m)
    rnd.shuffle(shuffled_r)

    second = match_all(shuffled_m, shuffled_r, top=top, fx=FX, threads=2, tile=(2, 3))

    assert pairs(second.by_mandate) == pairs(first.by_mandate)
    assert pairs(second.by_round) == pairs(first.by_round)
    assert list(second.by_round or []) == list(first.by_round or [])


@FAST
@given(markets(), st.booleans())
def test_kept_pairs_never_break_a_must_or_a_hard_filter(market, with_fx) -> None:
    ms, rs = market
    fx = FX if with_fx else None
    result = match_all(ms, rs, top=30, fx=fx, tile=(3, 5))
    by_id_m = {m.mandate_id: m for m in ms}
    by_id_r = {r.round_id: r for r in rs}

    for match in [*(result.by_mandate or []), *(result.by_round or [])]:
        mandate, round_ = by_id_m[match.mandate_id], by_id_r[match.round_id]
        if "sectors" in mandate.must and mandate.sectors:
            assert mandate.sectors & round_.sectors
        if "stages" in mandate.must and mandate.stages:
            assert round_.stage in mandate.stages
        if "regions" in mandate.must and mandate.regions:
            assert mandate.regions & round_.regions
        if mandate.instruments:
            assert round_.instrument in mandate.instruments
        if fx is None:
            assert mandate.currency == round_.currency
        if mandate.min_growth_yoy is not None:
            assert round_.growth_yoy is not None
            assert round_.growth_yoy >= mandate.min_growth_yoy
        if mandate.min_months_history is not None:
            assert round_.months_history is not None
            assert round_.months_history >= mandate.min_months_history
        if mandate.min_repeat_rate is not None:
            assert round_.repeat_rate is not None
            assert round_.repeat_rate >= mandate.min_repeat_rate
        assert reference.score(mandate, round_, fx) is not None


@FAST
@given(markets(), st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 6)))
def test_incremental_rows_equal_the_full_run(market, top, limits) -> None:
    ms, rs = market
    mandate_table, round_table = tuned_tables(ms, rs, FX, limits)
    full = match_all(mandate_table, round_table, top=top, tile=(2, 4))
    assert full.by_mandate is not None
    assert full.by_round is not None

    for round_ in rs:
        assert match_round(round_, mandate_table, top=top) == full.by_round.for_round(
            round_.round_id
        )
    for mandate in ms:
        assert match_mandate(mandate, round_table, top=top) == full.by_mandate.for_mandate(
            mandate.mandate_id
        )


@FAST
@given(markets(), st.booleans())
def test_scores_against_a_table_equal_the_reference_pair_by_pair(market, with_fx) -> None:
    ms, rs = market
    fx = FX if with_fx else None
    mandate_table, round_table = tuned_tables(ms, rs, fx, (2, 3))
    by_id_m = {m.mandate_id: m for m in ms}
    by_id_r = {r.round_id: r for r in rs}

    def units(value: float) -> int | None:
        return None if value != value else round(value * SCALE)

    for round_ in rs:
        got = [units(v) for v in score_round(round_, mandate_table).tolist()]
        expected = [reference.score(by_id_m[i], round_, fx) for i in mandate_table.ids.tolist()]
        assert got == [None if e is None else e.units for e in expected]
    for mandate in ms:
        got = [units(v) for v in score_mandate(mandate, round_table).tolist()]
        expected = [reference.score(mandate, by_id_r[i], fx) for i in round_table.ids.tolist()]
        assert got == [None if e is None else e.units for e in expected]


@pytest.mark.parametrize("seed", range(4))
def test_many_ties_across_threads_and_tiles_keep_the_reference_ranking(seed: int) -> None:
    """Few distinct scores, so that many pairs tie with a k-th: equal units must rank by id
    whichever worker or tile saw them first."""
    rng = random.Random(seed)
    ms = [
        MandateSpec(
            mandate_id=f"m{i:03d}",
            sectors=frozenset(rng.sample(SECTORS[:3], rng.randint(0, 1))),
            ticket_max=rng.choice([None, Decimal(300), Decimal(1000)]),
            min_months_history=rng.choice([None, 12]),
            min_repeat_rate=rng.choice([None, Decimal("0.3")]),
        )
        for i in range(70)
    ]
    rs = [
        RoundSpec(
            round_id=f"r{i:03d}",
            sectors=frozenset(rng.sample(SECTORS[:3], 1)),
            target_amount=Decimal(rng.choice([500, 2000])),
            min_ticket=rng.choice([None, Decimal(400)]),
            months_history=rng.choice([None, 12, 24]),
            repeat_rate=rng.choice([None, Decimal("0.2"), Decimal("0.4")]),
            score=rng.choice([None, Decimal(50), Decimal(80)]),
        )
        for i in range(300)
    ]
    expected = reference.ranked(ms, rs, top=3)

    for tile, threads in (((4, 16), 2), ((7, 33), 2), ((128, 1024), 1), ((3, 5), 3)):
        result = match_all(ms[::-1], rs[::-1], top=3, tile=tile, threads=threads)
        assert as_reference(result) == (nonempty(expected[0]), nonempty(expected[1]))


@FAST
@given(markets())
def test_explanations_add_up_to_the_score_and_match_the_reference(market) -> None:
    ms, rs = market
    result = match_all(ms, rs, top=5, fx=FX)
    by_id_m = {m.mandate_id: m for m in ms}
    by_id_r = {r.round_id: r for r in rs}

    for match in result.by_mandate or []:
        scored = reference.score(by_id_m[match.mandate_id], by_id_r[match.round_id], FX)
        assert scored is not None
        contributions = [round(c.contribution * SCALE) for c in match.components]
        assert sum(contributions) == round(match.score * SCALE) == scored.units
        assert tuple(contributions) == scored.parts
        assert [c.weight for c in match.components] == [w / 1000 for w in scored.weights]
        assert [c.value for c in match.components] == list(scored.values)


def test_a_new_round_with_codes_no_mandate_names_still_matches_on_the_rest() -> None:
    ms = [MandateSpec(mandate_id="m", sectors=frozenset({"biotech"}))]
    table = MandateTable.from_specs(ms)
    new = RoundSpec(
        round_id="r", sectors=frozenset({"biotech", "quantum"}), stage="pre-seed",
        target_amount=Decimal(100),
    )  # fmt: skip

    (match,) = match_round(new, table)

    assert match.components[0].value == 0.5  # one of the venture's two sectors
    assert match.components[1].value == 1.0  # the mandate names no stage
    scored = reference.score(ms[0], new)
    assert scored is not None
    assert scored.units == round(match.score * SCALE)


def test_shuffled_large_random_market_keeps_its_rows() -> None:
    """Hundreds of codes: sets take several 64-bit words."""
    rng = random.Random(5)
    sectors = [f"s{i:03d}" for i in range(150)]
    regions = [f"g{i:03d}" for i in range(90)]
    ms = [
        MandateSpec(
            mandate_id=f"m{i:03d}",
            sectors=frozenset(rng.sample(sectors, rng.randint(0, 30))),
            stages=frozenset(rng.sample(STAGES, rng.randint(0, 2))),
            regions=frozenset(rng.sample(regions, rng.randint(0, 20))),
            ticket_min=Decimal(rng.choice(AMOUNTS)),
            must=frozenset(rng.sample(["sectors", "stages", "regions"], rng.randint(0, 1))),
        )
        for i in range(80)
    ]
    rs = [
        RoundSpec(
            round_id=f"r{i:04d}",
            sectors=frozenset(rng.sample(sectors, rng.randint(1, 3))),
            stage=rng.choice(STAGES),
            regions=frozenset(rng.sample(regions, rng.randint(0, 3))),
            target_amount=Decimal(rng.choice(AMOUNTS[1:])) * 10,
            score=Decimal(rng.randint(0, 100)),
        )
        for i in range(400)
    ]
    expected = reference.ranked(ms, rs, top=7)

    result = match_all(ms[::-1], rs[::-1], top=7, tile=(16, 64), threads=2)

    assert as_reference(result) == (nonempty(expected[0]), nonempty(expected[1]))
    assert result.by_mandate is not None
    assert result.by_round is not None
    assert len(result.by_mandate) > 300
    mandates, rounds = MandateTable.from_specs(ms), RoundTable.from_specs(rs)
    for round_ in rs[:25]:
        assert match_round(round_, mandates, top=7) == result.by_round.for_round(round_.round_id)
    for mandate in ms[:25]:
        expected_rows = result.by_mandate.for_mandate(mandate.mandate_id)
        assert match_mandate(mandate, rounds, top=7) == expected_rows


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.floats(0, 1), min_size=5, max_size=5),
            st.lists(st.integers(0, 1000), min_size=5, max_size=5),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_explanation_strings_are_the_same_formatted_either_way(rows) -> None:
    """Few rows are formatted in Python, many with polars: the same digits."""
    values = np.array([v for v, _ in rows], dtype=np.float64).T
    weights = np.array([w for _, w in rows], dtype=np.float64)

    assert explanation_texts(values, weights) == explanations(values, weights).to_list()


def test_a_failing_worker_stops_the_others_with_its_own_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers wait for the blocks others prepare: a failure must not leave them waiting."""
    from runway.engine.matching import matcher

    ms = [MandateSpec(mandate_id=f"m{i}") for i in range(6)]
    rs = [RoundSpec(round_id=f"r{i}", target_amount=Decimal(100)) for i in range(8)]
    prepare = matcher._Sweep.prepare

    def failing(self, start: int, stop: int):
        if start == 2:  # the second block, prepared by the second worker
            raise ValueError("broken block")
        return prepare(self, start, stop)

    monkeypatch.setattr(matcher._Sweep, "prepare", failing)

    with pytest.raises(ValueError, match="broken block"):
        match_all(ms, rs, top=2, threads=2, tile=(2, 2))
