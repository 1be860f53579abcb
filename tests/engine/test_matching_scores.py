"""Matching scores and filters worked out by hand, one rule at a time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from runway.engine.matching import (
    ENGINE_VERSION,
    DuplicateIdError,
    Fx,
    MandateSpec,
    MandateTable,
    Match,
    RoundSpec,
    RoundTable,
    SpecError,
    SpecProblem,
    match_all,
    match_mandate,
    match_round,
    score_mandate,
    score_round,
)
from runway.engine.matching.frames import quantize_weights

D = Decimal


def mandate(**fields: object) -> MandateSpec:
    return MandateSpec(**{"mandate_id": "m1", **fields})  # type: ignore[arg-type]


def round_(**fields: object) -> RoundSpec:
    return RoundSpec(**{"round_id": "r1", "target_amount": D(3_000_000), **fields})  # type: ignore[arg-type]


def only(m: MandateSpec, r: RoundSpec, **options: object) -> Match | None:
    result = match_all([m], [r], top=5, **options)  # type: ignore[arg-type]
    assert result.by_mandate is not None
    matches = list(result.by_mandate)
    assert len(matches) <= 1
    return matches[0] if matches else None


def values(match: Match | None) -> dict[str, tuple[float, float, float]]:
    assert match is not None
    return {c.component: (c.value, c.weight, c.contribution) for c in match.components}


def test_worked_example_with_default_weights() -> None:
    """Sector 1 x 0.30 + stage 1 x 0.20 + region (none wanted) 1 x 0.15
    + ticket 2M of the 4M range x 0.15 + traction 80/100 x 0.20 = 0.885."""
    m = mandate(
        instruments={"equity"}, sectors={"biotech", "health"}, stages={"seed", "series-a"},
        ticket_min=D(1_000_000), ticket_max=D(5_000_000), currency="USD", must={"sectors"},
    )  # fmt: skip
    r = round_(
        instrument="equity", sectors={"biotech"}, stage="seed", regions={"SF Bay", "USA"},
        min_ticket=D(500_000), currency="USD", score=D(80),
    )  # fmt: skip

    match = only(m, r)

    assert match is not None
    assert match.score == 0.885
    assert values(match) == {
        "sector": (1.0, 0.3, 0.3),
        "stage": (1.0, 0.2, 0.2),
        "region": (1.0, 0.15, 0.15),
        "ticket": (0.5, 0.15, 0.075),
        "traction": (0.8, 0.2, 0.16),
    }
    assert match.explanation == (
        "sector=1.00*0.30;stage=1.00*0.20;region=1.00*0.15;ticket=0.50*0.15;traction=0.80*0.20"
    )
    assert ENGINE_VERSION == "matching-1"


def test_sector_value_is_the_share_of_the_ventures_sectors_the_mandate_wants() -> None:
    r = round_(sectors={"biotech", "games", "software"})

    assert values(only(mandate(sectors={"biotech"}), r))["sector"] == (1 / 3, 0.3, 0.1)
    assert values(only(mandate(sectors={"biotech", "games"}), r))["sector"] == (2 / 3, 0.3, 0.2)
    assert values(only(mandate(sectors={"mobile"}), r))["sector"] == (0.0, 0.3, 0.0)
    assert values(only(mandate(), r))["sector"] == (1.0, 0.3, 0.3)  # any


def test_an_unknown_round_value_is_neutral_but_fails_a_must() -> None:
    unknown = round_(sectors=frozenset(), stage=None, regions=frozenset())
    wants = {"sectors": {"biotech"}, "stages": {"seed"}, "regions": {"CN"}}

    match = only(mandate(**wants), unknown)
    assert {name: v[0] for name, v in values(match).items()} == {
        "sector": 0.5, "stage": 0.5, "region": 0.5, "ticket": 1.0, "traction": 0.5,
    }  # fmt: skip
    for must in ("sectors", "stages", "regions"):
        assert only(mandate(**wants, must={must}), unknown) is None


@pytest.mark.parametrize(
    ("must", "round_fields", "kept"),
    [
        ("sectors", {"sectors": {"biotech", "games"}}, True),
        ("sectors", {"sectors": {"games"}}, False),
        ("stages", {"stage": "seed"}, True),
        ("stages", {"stage": "series-b"}, False),
        ("regions", {"regions": {"Shenzhen", "CN"}}, True),
        ("regions", {"regions": {"USA"}}, False),
    ],
)
def test_must_criteria_filter(must: str, round_fields: dict[str, object], kept: bool) -> None:
    m = mandate(sectors={"biotech"}, stages={"seed"}, regions={"CN"}, must={must})
    assert (only(m, round_(**round_fields)) is not None) is kept


def test_a_missed_preference_only_costs_its_weight() -> None:
    m = mandate(sectors={"biotech"}, stages={"seed"}, regions={"CN"})
    r = round_(sectors={"games"}, stage="series-b", regions={"USA"})

    assert values(only(m, r)) == {
        "sector": (0.0, 0.3, 0.0),
        "stage": (0.0, 0.2, 0.0),
        "region": (0.0, 0.15, 0.0),
        "ticket": (1.0, 0.15, 0.15),
        "traction": (0.5, 0.2, 0.1),
    }


def test_instrument_always_filters_and_empty_means_any() -> None:
    assert only(mandate(instruments={"equity"}), round_(instrument="equity")) is not None
    assert only(mandate(instruments={"equity"}), round_(instrument="debt")) is None
    assert only(mandate(instruments={"equity"}), round_(instrument=None)) is None
    assert only(mandate(), round_(instrument="debt")) is not None


@pytest.mark.parametrize(
    ("ticket", "round_range", "value"),
    [
        ((1000, 5000), (500, 3000), 0.5),  # overlap 1000..3000 of 1000..5000
        ((1000, 5000), (0, 10_000), 1.0),  # the round takes any ticket of the range
        ((1000, 5000), (4000, 8000), 0.25),
        ((1000, 5000), (5000, 9000), 0.0),  # touching ends overlap in one amount
        ((None, 4000), (None, 1000), 0.25),  # no minimum: 0..4000
        ((1000, None), (2000, 3000), 1.0),  # open-ended: any overlap fits
        ((2000, 2000), (1000, 3000), 1.0),  # a single amount inside
    ],
)
def test_ticket_fit_is_the_share_of_the_investors_range_the_round_takes(
    ticket: tuple[int | None, int | None], round_range: tuple[int | None, int], value: float
) -> None:
    low, high = (None if v is None else D(v) for v in ticket)
    minimum, target = round_range
    m = mandate(ticket_min=low, ticket_max=high)
    r = round_(min_ticket=None if minimum is None else D(minimum), target_amount=D(target))

    assert values(only(m, r))["ticket"][0] == value


@pytest.mark.parametrize(
    ("ticket", "round_range"),
    [((1000, 5000), (6000, 9000)), ((1000, 5000), (100, 999)), ((7000, None), (0, 6999))],
)
def test_ranges_that_do_not_meet_never_match(
    ticket: tuple[int, int | None], round_range: tuple[int, int]
) -> None:
    m = mandate(ticket_min=D(ticket[0]), ticket_max=None if ticket[1] is None else D(ticket[1]))
    r = round_(min_ticket=D(round_range[0]), target_amount=D(round_range[1]))
    assert only(m, r) is None


def test_a_round_without_target_matches_only_mandates_without_a_ticket_range() -> None:
    r = round_(target_amount=None)
    assert only(mandate(), r) is not None
    assert only(mandate(ticket_min=D(1)), r) is None
    assert only(mandate(ticket_max=D(10**9)), r) is None


def test_currencies_compare_through_fx_and_never_without() -> None:
    m = mandate(ticket_min=D(100_000), ticket_max=D(200_000), currency="USD")
    r = round_(target_amount=D(1_000_000), min_ticket=D(710_000), currency="CNY")
    fx = {"USD": D("7.1")}

    assert only(m, r) is None
    # 100k-200k USD = 710k-1,420k CNY; the round takes 710k-1,000k: 290k of 710k.
    match = only(m, r, fx=fx)
    assert match is not None
    assert values(match)["ticket"][0] == pytest.approx(290 / 710)
    # EUR has no rate: an EUR round only meets EUR mandates.
    assert only(mandate(currency="EUR"), round_(currency="EUR"), fx=fx) is not None
    assert only(mandate(currency="EUR"), round_(currency="CNY"), fx=fx) is None


def test_traction_thresholds_are_hard_and_unknown_figures_fail_them() -> None:
    m = mandate(min_gmv_12m=D(1_000_000), min_growth_yoy=D("0.3"), currency="CNY")

    assert only(m, round_(gmv_12m=D(1_000_000), growth_yoy=D("0.3"))) is not None
    assert only(m, round_(gmv_12m=D(999_999), growth_yoy=D("0.5"))) is None
    assert only(m, round_(gmv_12m=D(5_000_000), growth_yoy=D("0.29"))) is None
    assert only(m, round_(gmv_12m=None, growth_yoy=D("0.5"))) is None
    assert only(m, round_(gmv_12m=D(5_000_000), growth_yoy=None)) is None
    # GMV in another currency converts like amounts: 150k USD = 1,065k CNY.
    usd = round_(gmv_12m=D(150_000), growth_yoy=D(1), currency="USD")
    assert only(m, usd, fx={"USD": D("7.1")}) is not None


def test_history_and_repeat_thresholds_are_hard_and_unknown_figures_fail_them() -> None:
    """24 months and a 30% repeat-buyer rate are the least that pass; one month or one
    hundredth of a point less fails, and so does an unknown figure."""
    m = mandate(min_months_history=24, min_repeat_rate=D("0.3"))
    wide = mandate(mandate_id="m2")  # no thresholds: everything passes

    assert only(m, round_(months_history=24, repeat_rate=D("0.3"))) is not None
    assert only(m, round_(months_history=30, repeat_rate=D("0.9"))) is not None
    assert only(m, round_(months_history=23, repeat_rate=D("0.9"))) is None
    assert only(m, round_(months_history=30, repeat_rate=D("0.2999"))) is None
    assert only(m, round_(months_history=None, repeat_rate=D("0.9"))) is None
    assert only(m, round_(months_history=30, repeat_rate=None)) is None
    assert only(wide, round_(months_history=None, repeat_rate=None)) is not None
    # Each threshold alone, and 0 months still needs a known history.
    assert only(mandate(min_months_history=12), round_(months_history=12)) is not None
    assert only(mandate(min_months_history=0), round_(months_history=None)) is None
    assert only(mandate(min_repeat_rate=D(0)), round_(repeat_rate=D(0))) is not None
    # A threshold filters; it adds nothing to the score.
    passing = only(m, round_(months_history=36, repeat_rate=D("0.5"), score=D(80)))
    assert passing is not None
    assert passing.score == only(wide, round_(score=D(80))).score  # type: ignore[union-attr]


def test_history_and_repeat_thresholds_hold_in_every_matcher() -> None:
    ms = [
        mandate(mandate_id="m1", min_months_history=24),
        mandate(mandate_id="m2", min_repeat_rate=D("0.3")),
        mandate(mandate_id="m3"),
    ]
    rs = [
        round_(round_id="r1", months_history=12, repeat_rate=D("0.5")),
        round_(round_id="r2", months_history=30, repeat_rate=D("0.1")),
        round_(round_id="r3", months_history=30, repeat_rate=D("0.4")),
    ]
    expected = {
        "m1": ["r2", "r3"], "m2": ["r1", "r3"], "m3": ["r1", "r2", "r3"],
    }  # fmt: skip
    mandates, rounds = MandateTable.from_specs(ms), RoundTable.from_specs(rs)

    result = match_all(mandates, rounds, tile=(1, 2))

    assert result.by_mandate is not None
    for m in ms:
        kept = sorted(x.round_id for x in result.by_mandate.for_mandate(m.mandate_id))
        assert kept == expected[m.mandate_id]
        assert sorted(x.round_id for x in match_mandate(m, rounds)) == expected[m.mandate_id]
        passed = [i for i, v in enumerate(score_mandate(m, rounds).tolist()) if v == v]
        assert [rs[i].round_id for i in passed] == expected[m.mandate_id]
    assert [x.mandate_id for x in match_round(rs[0], mandates)] == ["m2", "m3"]
    assert [v == v for v in score_round(rs[1], mandates).tolist()] == [True, False, True]


def test_weights_are_normalized_to_thousandths_that_sum_to_one() -> None:
    assert quantize_weights((D(1), D(1), D(1), D(0), D(0))) == (334, 333, 333, 0, 0)
    assert quantize_weights((D(3), D(2), D("1.5"), D("1.5"), D(2))) == (300, 200, 150, 150, 200)
    m = mandate(weights={"sector": 2, "stage": 0, "region": 0, "ticket": 0, "traction": 0})

    match = only(m, round_(sectors={"biotech"}))

    assert match is not None
    assert match.score == 1.0  # all on the sector, which any-sector fits fully
    assert [c.weight for c in match.components] == [1.0, 0.0, 0.0, 0.0, 0.0]


def test_equal_scores_rank_by_id_both_ways() -> None:
    ms = [mandate(mandate_id=i) for i in ("b", "a", "c")]
    rs = [round_(round_id=i) for i in ("r2", "r10", "r1")]

    result = match_all(ms, rs, top=2)

    assert result.by_mandate is not None
    assert result.by_round is not None
    assert [(m.mandate_id, m.round_id, m.rank) for m in result.by_mandate] == [
        ("a", "r1", 1), ("a", "r10", 2), ("b", "r1", 1), ("b", "r10", 2),
        ("c", "r1", 1), ("c", "r10", 2),
    ]  # fmt: skip
    assert [(m.round_id, m.mandate_id) for m in result.by_round.for_round("r2")] == [
        ("r2", "a"), ("r2", "b"),
    ]  # fmt: skip


def test_higher_traction_ranks_first() -> None:
    rs = [round_(round_id="low", score=D(10)), round_(round_id="high", score=D(90))]
    result = match_all([mandate()], rs, top=2)
    assert result.by_mandate is not None
    assert [m.round_id for m in result.by_mandate] == ["high", "low"]


def test_one_direction_only() -> None:
    result = match_all([mandate()], [round_()], by=["round"])
    assert result.by_mandate is None
    assert result.by_round is not None
    assert len(result.by_round) == 1


def test_incremental_matching_and_scores_against_tables() -> None:
    ms = [
        mandate(mandate_id="m1", sectors={"biotech"}),
        mandate(mandate_id="m2", must={"sectors"}, sectors={"games"}),
    ]
    rs = [round_(round_id="r1", sectors={"biotech"}), round_(round_id="r2", sectors={"games"})]
    mandates, rounds = MandateTable.from_specs(ms), RoundTable.from_specs(rs)
    changed = round_(round_id="r3", sectors={"games"}, score=D(100))

    assert [(m.mandate_id, m.rank) for m in match_round(changed, mandates)] == [
        ("m2", 1), ("m1", 2),
    ]  # fmt: skip
    assert score_round(changed, mandates).tolist() == [0.7, 1.0]  # m1: sector 0 of 0.30
    assert [m.round_id for m in match_mandate(ms[1], rounds)] == ["r2"]
    scores = score_mandate(ms[1], rounds)
    assert scores[0] != scores[0]  # NaN: r1 is filtered out by the sector must
    assert scores[1] == 0.9


def test_tables_encode_once_and_must_agree_on_fx() -> None:
    ms, rs = [mandate()], [round_()]
    mandates = MandateTable.from_specs(ms, fx={"USD": D(7)})
    rounds = RoundTable.from_specs(rs, fx={"USD": D(7)})

    assert match_all(mandates, rounds).by_mandate is not None
    assert mandates.fx == Fx.of({"USD": D(7)})
    with pytest.raises(ValueError, match="FX"):
        match_all(mandates, RoundTable.from_specs(rs))
    with pytest.raises(DuplicateIdError):
        MandateTable.from_specs([mandate(), mandate()])


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        (lambda: mandate(mandate_id=" "), SpecProblem.EMPTY_ID),
        (lambda: mandate(ticket_min=D(5), ticket_max=D(4)), SpecProblem.TICKET_RANGE_INVERTED),
        (lambda: mandate(ticket_min=1.5), SpecProblem.NOT_DECIMAL),
        (lambda: mandate(must={"traction"}), SpecProblem.UNKNOWN_MUST),
        (lambda: mandate(weights={"sector": -1}), SpecProblem.BAD_WEIGHTS),
        (lambda: mandate(weights={"size": 1}), SpecProblem.BAD_WEIGHTS),
        (lambda: round_(target_amount=D(0)), SpecProblem.TARGET_NOT_POSITIVE),
        (lambda: round_(min_ticket=D(10**8)), SpecProblem.MIN_TICKET_ABOVE_TARGET),
        (lambda: round_(score=D(101)), SpecProblem.SCORE_OUT_OF_RANGE),
        (lambda: round_(currency=" "), SpecProblem.EMPTY_CURRENCY),
        (lambda: mandate(min_months_history=-1), SpecProblem.NOT_MONTHS),
        (lambda: mandate(min_months_history=True), SpecProblem.NOT_MONTHS),
        (lambda: round_(months_history=D(12)), SpecProblem.NOT_MONTHS),
        (lambda: mandate(min_repeat_rate=D("1.01")), SpecProblem.SHARE_OUT_OF_RANGE),
        (lambda: round_(repeat_rate=D("-0.1")), SpecProblem.NEGATIVE_AMOUNT),
        (lambda: round_(repeat_rate=0.3), SpecProblem.NOT_DECIMAL),
    ],
)
def test_specs_refuse_what_cannot_be_matched(build: object, problem: SpecProblem) -> None:
    with pytest.raises(SpecError) as raised:
        build()  # type: ignore[operator]
    assert raised.value.problem is problem


def test_specs_trim_codes_and_currency() -> None:
    m = mandate(sectors={" biotech ", ""}, currency=" usd ")
    assert m.sectors == frozenset({"biotech"})
    assert m.currency == "USD"


def test_matches_as_a_frame_for_the_platform() -> None:
    ms = [mandate(sectors={"biotech"})]
    rs = [round_(round_id="r1", sectors={"biotech"}, score=D(50)), round_(round_id="r2")]

    result = match_all(ms, rs, top=5)
    assert result.by_mandate is not None
    frame = result.by_mandate.frame()

    assert frame.columns[:5] == ["mandate_id", "round_id", "rank", "score", "explanation"]
    assert frame["round_id"].to_list() == ["r1", "r2"]
    assert frame["score"].to_list() == [0.9, 0.75]  # r2: no sector known, 0.5 x 0.30
    assert frame["sector_value"].to_list() == [1.0, 0.5]
    assert frame["sector_contribution"].to_list() == [0.3, 0.15]
    assert frame["traction_weight"].to_list() == [0.2, 0.2]
    assert [m.explanation for m in result.by_mandate] == frame["explanation"].to_list()


def test_explaining_in_chunks_gives_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    ms = [mandate(mandate_id=f"m{i}", sectors={"biotech"}) for i in range(3)]
    rs = [round_(round_id=f"r{i}", sectors={"biotech", "games"}, score=D(i * 9)) for i in range(5)]
    result = match_all(ms, rs, top=4)
    assert result.by_round is not None
    whole = result.by_round.frame()

    monkeypatch.setattr("runway.engine.matching.results.CHUNK", 2)

    assert result.by_round.frame().equals(whole)
    assert whole.height == 15  # every round keeps all three mandates
