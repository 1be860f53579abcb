"""Reads for programs: what each actor may list, and the government dashboard's figures.

Dashboard sums are grouped in the database; amounts are shown per currency because the platform
never adds different currencies together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from runway.orgs.access import Actor
from runway.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    PreRegistration,
    Program,
    ProgramStatus,
)
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound, RoundStatus, ShenzhenDistrict, Venture

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def program_list_visible(*, actor: Actor, status: str | None = None) -> QuerySet[Program]:
    """Open and closed programs for everyone; the actor's own drafts too; all for platform staff."""
    programs = Program.objects.select_related("organization")
    if not actor.is_platform:
        programs = programs.filter(
            ~Q(status=ProgramStatus.DRAFT) | Q(organization=actor.organization)
        )
    if status:
        programs = programs.filter(status=status)
    return programs


def program_list_run_by(*, actor: Actor) -> QuerySet[Program]:
    return Program.objects.filter(organization=actor.organization)


def application_list_for_program(*, program: Program) -> QuerySet[Application]:
    """For the program's officers (the caller has checked ProgramPolicy.can_edit)."""
    return program.applications.select_related(
        "venture__organization", "funding_round", "award"
    ).order_by("status", "-submitted_at")


def application_list_for_venture(*, venture: Venture) -> QuerySet[Application]:
    return venture.program_applications.select_related("program", "award")


def registration_for(*, program: Program, venture: Venture | None) -> PreRegistration | None:
    if venture is None:
        return None
    return PreRegistration.objects.filter(program=program, venture=venture).first()


@dataclass(frozen=True)
class ProgramFigures:
    program: Program
    applications: int
    pending: int
    approved: int
    rejected: int
    ventures: int
    eligible: int  # public ventures that meet the rules (refreshed by matching)
    awarded: Decimal
    private: Decimal

    @property
    def left(self) -> Decimal:
        return self.program.budget_left

    @property
    def take_up(self) -> float:
        """Share of the budget committed."""
        budget = self.program.budget
        return float(self.program.committed / budget) if budget else 0.0

    @property
    def leverage(self) -> float | None:
        """Private capital mobilised per unit of public money awarded."""
        return float(self.private / self.awarded) if self.awarded else None


@dataclass(frozen=True)
class Gap:
    label: str
    demand: Decimal
    covered: Decimal

    @property
    def gap(self) -> Decimal:
        return max(self.demand - self.covered, Decimal(0))


@dataclass(frozen=True)
class GovernmentDashboard:
    programs: list[ProgramFigures]
    currency_totals: dict[str, dict[str, Decimal]]
    gaps_by_sector: list[Gap] = field(default_factory=list)
    gaps_by_district: list[Gap] = field(default_factory=list)
    gap_currency: str = "CNY"


def _program_figures(programs: QuerySet[Program]) -> list[ProgramFigures]:
    annotated = programs.annotate(
        n_applications=Count("applications", distinct=True),
        n_pending=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.SUBMITTED),
            distinct=True,
        ),
        n_approved=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.APPROVED),
            distinct=True,
        ),
        n_rejected=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.REJECTED),
            distinct=True,
        ),
        n_ventures=Count("applications__venture", distinct=True),
        n_eligible=Count("eligibilities", filter=Q(eligibilities__eligible=True), distinct=True),
    )
    award_sums = {
        row["program"]: row
        for row in Award.objects.filter(program__in=programs)
        .values("program")
        .annotate(
            awarded=Coalesce(Sum("amount"), ZERO), private=Coalesce(Sum("private_amount"), ZERO)
        )
    }
    figures = []
    for program in annotated:
        sums = award_sums.get(program.pk, {})
        figures.append(
            ProgramFigures(
                program=program,
                applications=program.n_applications,
                pending=program.n_pending,
                approved=program.n_approved,
                rejected=program.n_rejected,
                ventures=program.n_ventures,
                eligible=program.n_eligible,
                awarded=sums.get("awarded", Decimal(0)),
                private=sums.get("private", Decimal(0)),
            )
        )
    return figures


def _gaps(rounds: QuerySet[FundingRound], key: str, labels: dict[str, str]) -> list[Gap]:
    """Open rounds' targets (demand) against program awards tied to those rounds (covered)."""
    demand = rounds.values(key).annotate(total=Sum("target_amount")).order_by()
    covered = (
        Award.objects.filter(application__funding_round__in=rounds)
        .values(f"application__funding_round__{key}")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    covered_by = {row[f"application__funding_round__{key}"]: row["total"] for row in covered}
    gaps = [
        Gap(
            labels.get(row[key] or "", row[key] or "-"),
            row["total"],
            covered_by.get(row[key]) or Decimal(0),
        )
        for row in demand
    ]
    return sorted(gaps, key=lambda gap: gap.gap, reverse=True)


def government_dashboard(*, actor: Actor, currency: str = "CNY") -> GovernmentDashboard:
    """The actor's own programs (all of them for platform staff) and the field's open demand."""
    programs = (
        Program.objects.all() if actor.is_platform else program_list_run_by(actor=actor)
    ).select_related("organization")
    figures = _program_figures(programs)
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"budget": Decimal(0), "committed": Decimal(0), "private": Decimal(0)}
    )
    for item in figures:
        entry = totals[item.program.currency]
        entry["budget"] += item.program.budget
        entry["committed"] += item.program.committed
        entry["private"] += item.private
    rounds = FundingRound.objects.filter(
        status=RoundStatus.OPEN, currency=currency, venture__is_public=True
    )
    sector_labels = {sector.code: sector.label for sector in Sector.objects.all()}
    district_labels = {str(value): str(label) for value, label in ShenzhenDistrict.choices}
    return GovernmentDashboard(
        programs=figures,
        currency_totals=dict(totals),
        gaps_by_sector=_gaps(rounds, "venture__sectors__code", sector_labels),
        gaps_by_district=_gaps(rounds, "venture__district", district_labels),
        gap_currency=currency,
    )


def dashboard_chart(board: GovernmentDashboard) -> dict[str, object]:
    """What the dashboard's charts draw, as JSON-ready numbers and already-translated labels."""
    from django.utils.translation import gettext as _

    def gap_series(gaps: list[Gap]) -> dict[str, list[object]]:
        return {
            "labels": [gap.label for gap in gaps],
            "demand": [float(gap.demand) for gap in gaps],
            "covered": [float(gap.covered) for gap in gaps],
        }

    return {
        "programs": {
            "labels": [item.program.title for item in board.programs],
            "committed": [float(item.program.committed) for item in board.programs],
            "left": [float(item.left) for item in board.programs],
        },
        "sectors": gap_series(board.gaps_by_sector),
        "districts": gap_series(board.gaps_by_district),
        "text": {
            "committed": _("Committed"),
            "left": _("Left"),
            "demand": _("Open rounds"),
            "covered": _("Covered by programs"),
        },
    }
