"""Engine results as table rows with labels in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from runway.engine.programs import PolicyResult
from runway.engine.scoring import Component, Score
from runway.programs.models import Program


def component_label(name: str) -> str:
    labels = {
        "scale": _("Scale: trailing-12-month net revenue"),
        "growth": _("Growth: year on year and recent trend"),
        "retention": _("Retention: repeat buyers and month-3 cohorts"),
        "consistency": _("Consistency: steadiness of monthly revenue"),
        "verification": _("Verification of the data"),
        "reach": _("Reach: visits and members"),
        "engagement": _("Engagement: active members and pages per visit"),
    }
    return labels.get(name, name)


@dataclass(frozen=True)
class ComponentRow:
    label: str
    value: str
    normalized: float
    weight: float
    contribution: float


def _value(component: Component) -> str:
    value = component.value
    if value is None:
        return _("unknown")
    if isinstance(value, str):
        levels = {
            "self_reported": _("Self-reported"),
            "imported": _("Imported from an export"),
            "connected": _("Connected shop"),
        }
        return str(levels.get(value, value))
    if component.name == "scale":
        return f"{value:,.0f}"
    if component.name in {"growth", "retention"}:
        return f"{value * 100:.1f}%"
    return f"{value:.2f}"


def component_rows(score: Score) -> list[ComponentRow]:
    return [
        ComponentRow(
            label=component_label(component.name),
            value=_value(component),
            normalized=component.normalized,
            weight=component.weight,
            contribution=component.contribution,
        )
        for component in score.components
    ]


@dataclass(frozen=True)
class PolicyRow:
    party: str
    program: str
    exposure: Decimal
    expected_loss: Decimal
    probability_of_default: Decimal
    loss_given_default: Decimal
    with_programs: bool


def party_label(party: str) -> str:
    labels = {
        "investor": _("You (investor or lender)"),
        "co_investor": _("Public co-investor"),
        "government": _("Government program"),
        "venture": _("Venture's cost"),
    }
    return labels.get(party, party)


def policy_rows(result: PolicyResult, programs: dict[str, Program]) -> list[PolicyRow]:
    rows = []
    for with_programs, exposures in ((False, result.without), (True, result.with_programs)):
        for exposure in exposures:
            program = programs.get(exposure.program_id or "")
            rows.append(
                PolicyRow(
                    party=party_label(exposure.party),
                    program=program.title if program else "",
                    exposure=exposure.exposure,
                    expected_loss=exposure.expected_loss,
                    probability_of_default=exposure.probability_of_default,
                    loss_given_default=exposure.loss_given_default,
                    with_programs=with_programs,
                )
            )
    return rows


def match_component_label(name: str) -> str:
    labels = {
        "sector": _("Sector fit"),
        "stage": _("Stage fit"),
        "region": _("Region fit"),
        "ticket": _("Ticket fits the round"),
        "traction": _("Verified traction"),
    }
    return labels.get(name, name)


def explanation_rows(explanation: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        {**part, "label": match_component_label(str(part.get("component", "")))}
        for part in explanation
    ]
