"""Writes for matching: store the engine's matches of open mandates and open rounds, keep program
eligibility current, and notify investors of new matches.

Matches are derived data. A full run replaces them all in one transaction; a changed round or
mandate is re-matched incrementally (runway.engine.matching.score_round / match_mandate) and only
the rows it touches change. The stored ranks are those of the engine: rank_for_mandate among a
mandate's TOP best rounds, rank_for_round among a round's TOP best mandates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from runway.engine.matching import (
    ENGINE_VERSION,
    MandateTable,
    RoundTable,
    match_all,
    match_mandate,
    match_round,
    score_mandate,
    score_round,
)
from runway.engine.matching import (
    Match as EngineMatch,
)
from runway.engine.programs.eligibility import check_eligibility
from runway.engine.programs.rules import Rules
from runway.fx.selectors import rates_on
from runway.investors.models import Mandate, MandateStatus
from runway.matching import adapters
from runway.matching.models import Match, ProgramEligibility
from runway.metrics.models import VerificationLevel
from runway.notifications.services import notify
from runway.programs.models import PreRegistration, Program, ProgramStatus
from runway.ventures.models import FundingRound, RoundStatus, Venture

logger = logging.getLogger(__name__)

TOP = 20  # best rounds kept per mandate, and best mandates per round
VERIFIED = (VerificationLevel.IMPORTED, VerificationLevel.CONNECTED)


def open_mandates() -> QuerySet[Mandate]:
    return (
        Mandate.objects.filter(status=MandateStatus.OPEN)
        .select_related("organization")
        .prefetch_related("instruments", "sectors", "stages", "regions")
    )


def open_rounds() -> QuerySet[FundingRound]:
    """Rounds investors can act on: open, not past their close, on a public profile."""
    return (
        FundingRound.objects.filter(
            status=RoundStatus.OPEN,
            closes_on__gte=timezone.localdate(),
            venture__is_public=True,
        )
        .select_related(
            "instrument", "venture__organization", "venture__stage",
            "venture__city__parent__parent__parent",
        )
        .prefetch_related("venture__sectors", "venture__markets")
    )  # fmt: skip


def _round_specs(rounds: list[FundingRound]) -> list[Any]:
    traction: dict[int, adapters.VentureTraction] = {}
    specs = []
    for funding_round in rounds:
        venture = funding_round.venture
        if venture.pk not in traction:
            traction[venture.pk] = adapters.venture_traction(venture)
        specs.append(adapters.round_spec(funding_round, traction[venture.pk]))
    return specs


def _explanation(match: EngineMatch) -> list[dict[str, Any]]:
    return [
        {
            "component": part.component,
            "value": round(part.value, 4),
            "weight": round(part.weight, 4),
            "points": round(part.contribution * 100, 2),
        }
        for part in match.components
    ]


@dataclass
class Pair:
    score: Decimal
    explanation: list[dict[str, Any]]
    rank_for_mandate: int | None = None
    rank_for_round: int | None = None


def _pair_of(match: EngineMatch) -> Pair:
    return Pair(score=Decimal(str(round(match.score * 100, 2))), explanation=_explanation(match))


def _rows(pairs: dict[tuple[int, int], Pair]) -> list[Match]:
    return [
        Match(
            mandate_id=mandate_id,
            funding_round_id=round_id,
            score=pair.score,
            rank_for_mandate=pair.rank_for_mandate,
            rank_for_round=pair.rank_for_round,
            explanation=pair.explanation,
            engine_version=ENGINE_VERSION,
        )
        for (mandate_id, round_id), pair in pairs.items()
    ]


def rematch_all() -> int:
    """Every open mandate against every open round; replaces all matches. Returns the pairs."""
    mandates = list(open_mandates())
    rounds = list(open_rounds())
    before = set(Match.objects.values_list("mandate_id", "funding_round_id"))
    pairs: dict[tuple[int, int], Pair] = {}
    if mandates and rounds:
        result = match_all(
            [adapters.mandate_spec(m) for m in mandates],
            _round_specs(rounds),
            top=TOP,
            fx=rates_on(),
        )
        for direction, matches in (("mandate", result.by_mandate), ("round", result.by_round)):
            for match in matches or ():
                key = (int(match.mandate_id), int(match.round_id))
                pair = pairs.setdefault(key, _pair_of(match))
                setattr(pair, f"rank_for_{direction}", match.rank)
    with transaction.atomic():
        Match.objects.all().delete()
        Match.objects.bulk_create(_rows(pairs), batch_size=1000)
    _notify_new(set(pairs) - before)
    return len(pairs)


def _mandate_lists(mandate_ids: list[int]) -> dict[int, dict[int, Pair]]:
    """The stored top lists of these mandates: mandate -> round -> pair."""
    lists: dict[int, dict[int, Pair]] = defaultdict(dict)
    for row in Match.objects.filter(mandate_id__in=mandate_ids, rank_for_mandate__isnull=False):
        lists[row.mandate_id][row.funding_round_id] = Pair(row.score, row.explanation)
    return lists


def rematch_round(*, funding_round: FundingRound) -> int:
    """Re-matches one round after it changed: its own best mandates, and its place in every
    mandate's list. A round that is no longer open leaves every list, which is refilled."""
    rounds = open_rounds().filter(pk=funding_round.pk)
    current = rounds.first()
    mandates = list(open_mandates())
    with transaction.atomic():
        touched = list(
            Match.objects.filter(
                funding_round_id=funding_round.pk, rank_for_mandate__isnull=False
            ).values_list("mandate_id", flat=True)
        )
        Match.objects.filter(funding_round_id=funding_round.pk).delete()
        if current is None or not mandates:
            _refill(touched)
            return 0
        spec = _round_specs([current])[0]
        table = MandateTable.from_specs([adapters.mandate_spec(m) for m in mandates], fx=rates_on())
        pairs: dict[tuple[int, int], Pair] = {}
        for match in match_round(spec, table, top=TOP):
            pair = _pair_of(match)
            pair.rank_for_round = match.rank
            pairs[(int(match.mandate_id), current.pk)] = pair
        scores = score_round(spec, table)
        candidates = [int(table.ids[i]) for i in np.flatnonzero(~np.isnan(scores))]
        lists = _mandate_lists(candidates)
        explain = {
            int(m.mandate_id): m for m in match_round(spec, table, top=max(len(mandates), 1))
        }
        new_for: list[int] = []
        for index in np.flatnonzero(~np.isnan(scores)):
            mandate_id = int(table.ids[index])
            listed = lists[mandate_id]
            score = Decimal(str(round(float(scores[index]) * 100, 2)))
            worst = min((p.score for p in listed.values()), default=None)
            if len(listed) < TOP or worst is None or score > worst:
                pair = pairs.setdefault((mandate_id, current.pk), _pair_of(explain[mandate_id]))
                listed[current.pk] = pair
                new_for.append(mandate_id)
        _rerank(lists, set(new_for))
        _save_pairs(pairs)
        _refill([m for m in touched if m not in new_for])
    _notify_new({(m, current.pk) for m in new_for})
    return len(pairs)


def _rerank(lists: dict[int, dict[int, Pair]], mandate_ids: set[int]) -> None:
    """Orders each changed mandate's list, keeps its TOP best, and writes the new ranks."""
    for mandate_id in mandate_ids:
        listed = sorted(lists[mandate_id].items(), key=lambda item: (-item[1].score, item[0]))
        keep = listed[:TOP]
        for rank, (round_id, pair) in enumerate(keep, start=1):
            pair.rank_for_mandate = rank
            Match.objects.filter(mandate_id=mandate_id, funding_round_id=round_id).update(
                rank_for_mandate=rank
            )
        for round_id, _pair in listed[TOP:]:
            _drop_mandate_rank(mandate_id, round_id)


def _drop_mandate_rank(mandate_id: int, round_id: int) -> None:
    """The pair left the mandate's list; it stays only if it is in the round's list."""
    Match.objects.filter(
        mandate_id=mandate_id, funding_round_id=round_id, rank_for_round__isnull=True
    ).delete()
    Match.objects.filter(mandate_id=mandate_id, funding_round_id=round_id).update(
        rank_for_mandate=None
    )


def _save_pairs(pairs: dict[tuple[int, int], Pair]) -> None:
    for (mandate_id, round_id), pair in pairs.items():
        if pair.rank_for_mandate is None and pair.rank_for_round is None:
            continue
        Match.objects.update_or_create(
            mandate_id=mandate_id,
            funding_round_id=round_id,
            defaults={
                "score": pair.score,
                "explanation": pair.explanation,
                "rank_for_mandate": pair.rank_for_mandate,
                "rank_for_round": pair.rank_for_round,
                "engine_version": ENGINE_VERSION,
            },
        )


def _refill(mandate_ids: list[int]) -> None:
    """Recomputes these mandates' lists from every open round (a round left them)."""
    if not mandate_ids:
        return
    rounds = list(open_rounds())
    table = RoundTable.from_specs(_round_specs(rounds), fx=rates_on()) if rounds else None
    for mandate in open_mandates().filter(pk__in=mandate_ids):
        _replace_mandate_list(mandate, table)


def _replace_mandate_list(mandate: Mandate, table: RoundTable | None) -> set[int]:
    """Writes the mandate's TOP best rounds; returns the rounds new to its list."""
    before = set(
        Match.objects.filter(mandate=mandate, rank_for_mandate__isnull=False).values_list(
            "funding_round_id", flat=True
        )
    )
    Match.objects.filter(mandate=mandate, rank_for_round__isnull=True).delete()
    Match.objects.filter(mandate=mandate).update(rank_for_mandate=None)
    if table is None:
        return set()
    # The rounds' own ranks of this mandate, read once rather than once per match.
    round_ranks = dict(
        Match.objects.filter(mandate=mandate).values_list("funding_round_id", "rank_for_round")
    )
    pairs: dict[tuple[int, int], Pair] = {}
    for match in match_mandate(adapters.mandate_spec(mandate), table, top=TOP):
        pair = _pair_of(match)
        pair.rank_for_mandate = match.rank
        pair.rank_for_round = round_ranks.get(int(match.round_id))
        pairs[(mandate.pk, int(match.round_id))] = pair
    _save_pairs(pairs)
    return {round_id for _m, round_id in pairs} - before


def rematch_mandate(*, mandate: Mandate) -> int:
    """Re-matches one mandate after it changed: its own list of rounds, and its place in the
    list of every round it now matches or was listed by."""
    with transaction.atomic():
        current = open_mandates().filter(pk=mandate.pk).first()
        listed_by = set(
            Match.objects.filter(mandate=mandate, rank_for_round__isnull=False).values_list(
                "funding_round_id", flat=True
            )
        )
        rounds = list(open_rounds())
        specs = _round_specs(rounds)
        if current is None:
            Match.objects.filter(mandate=mandate).delete()
            _replace_round_lists(rounds, specs, listed_by)
            return 0
        table = RoundTable.from_specs(specs, fx=rates_on()) if rounds else None
        new = _replace_mandate_list(current, table)
        if table is not None:
            scores = score_mandate(adapters.mandate_spec(current), table)
            worst = _round_list_floors()
            for index in np.flatnonzero(~np.isnan(scores)):
                round_id = int(table.ids[index])
                floor = worst.get(round_id)
                score = Decimal(str(round(float(scores[index]) * 100, 2)))
                if floor is None or floor[0] < TOP or score > floor[1]:
                    listed_by.add(round_id)
        _replace_round_lists(rounds, specs, listed_by)
    _notify_new({(current.pk, round_id) for round_id in new})
    return Match.objects.filter(mandate=current, rank_for_mandate__isnull=False).count()


def _round_list_floors() -> dict[int, tuple[int, Decimal]]:
    """Per round: how many mandates its list holds and the lowest score among them."""
    floors: dict[int, tuple[int, Decimal]] = {}
    rows = Match.objects.filter(rank_for_round__isnull=False).values_list(
        "funding_round_id", "score"
    )
    for round_id, score in rows:
        count, lowest = floors.get(round_id, (0, score))
        floors[round_id] = (count + 1, min(lowest, score))
    return floors


def _replace_round_lists(rounds: list[FundingRound], specs: list[Any], round_ids: set[int]) -> None:
    """Recomputes the lists of these rounds against every open mandate."""
    if not round_ids:
        return
    mandates = list(open_mandates())
    table = (
        MandateTable.from_specs([adapters.mandate_spec(m) for m in mandates], fx=rates_on())
        if mandates
        else None
    )
    for funding_round, spec in zip(rounds, specs, strict=True):
        if funding_round.pk not in round_ids:
            continue
        Match.objects.filter(funding_round=funding_round, rank_for_mandate__isnull=True).delete()
        Match.objects.filter(funding_round=funding_round).update(rank_for_round=None)
        if table is None:
            continue
        mandate_ranks = dict(
            Match.objects.filter(funding_round=funding_round).values_list(
                "mandate_id", "rank_for_mandate"
            )
        )
        pairs: dict[tuple[int, int], Pair] = {}
        for match in match_round(spec, table, top=TOP):
            pair = _pair_of(match)
            pair.rank_for_round = match.rank
            pair.rank_for_mandate = mandate_ranks.get(int(match.mandate_id))
            pairs[(int(match.mandate_id), funding_round.pk)] = pair
        _save_pairs(pairs)


def rematch_venture(*, venture: Venture) -> None:
    """After the venture's figures changed: its open rounds, and its program eligibility."""
    for funding_round in FundingRound.objects.filter(venture=venture, status=RoundStatus.OPEN):
        rematch_round(funding_round=funding_round)
    program_eligibility_refresh(venture=venture)


def _notify_new(pairs: set[tuple[int, int]]) -> None:
    """Tells each investor about rounds newly in a mandate's list, when the venture's figures
    are verified (imported or pushed by its shop), once per pair."""
    if not pairs:
        return
    rows = Match.objects.filter(
        rank_for_mandate__isnull=False,
        mandate_id__in={m for m, _r in pairs},
        funding_round_id__in={r for _m, r in pairs},
    ).select_related("mandate__organization", "funding_round__venture__organization")
    verified = set(
        Venture.objects.filter(monthly_kpis__verification__in=VERIFIED).values_list("pk", flat=True)
    )
    for row in rows:
        if (row.mandate_id, row.funding_round_id) not in pairs:
            continue
        venture = row.funding_round.venture
        if venture.pk not in verified:
            continue
        notify(
            organization=row.mandate.organization,
            verb="new_match",
            key=f"match:{row.mandate_id}:{row.funding_round_id}",
            params={
                "venture": venture.organization.name,
                "mandate": row.mandate.title,
                "score": f"{row.score:.0f}",
            },
            url=reverse("matching:match_detail", args=[row.pk]),
        )


def program_eligibility_refresh(
    *, program: Program | None = None, venture: Venture | None = None
) -> int:
    """Recomputes whether public ventures (or `venture`) qualify for open programs (or
    `program`); returns the number of (program, venture) pairs written."""
    programs = Program.objects.filter(status=ProgramStatus.OPEN)
    if program is not None:
        programs = programs.filter(pk=program.pk)
    ventures = Venture.objects.select_related("stage", "city__parent__parent__parent")
    if venture is not None:
        ventures = ventures.filter(pk=venture.pk)
    else:
        ventures = ventures.filter(is_public=True)
    registered = {
        (row[0], row[1]): row[2]
        for row in PreRegistration.objects.values_list("program", "venture", "registered_on")
    }
    today = timezone.localdate()
    rules = [(p, Rules.from_dict(p.rules)) for p in programs]
    rows = []
    for one in ventures:
        facts = adapters.venture_facts(venture=one, currency="CNY")
        for each, each_rules in rules:
            at = registered.get((each.pk, one.pk))
            result = check_eligibility(each_rules, replace(facts, pre_registered_on=at), on=today)
            rows.append(
                ProgramEligibility(
                    program=each,
                    venture=one,
                    eligible=result.eligible,
                    failures=[failure.to_dict() for failure in result.failures],
                )
            )
    with transaction.atomic():
        stale = ProgramEligibility.objects.filter(program__in=[p for p, _r in rules])
        if venture is not None:
            stale = stale.filter(venture=venture)
        stale.delete()
        ProgramEligibility.objects.bulk_create(rows, batch_size=500)
    return len(rows)
