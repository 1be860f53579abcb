"""Stored matches: each open mandate's best rounds and each open round's best mandates, with the
engine's score and explanation, and the engine version that produced them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.investors.models import Mandate
from runway.programs.models import Program
from runway.ventures.models import FundingRound, Venture


class Match(models.Model):
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="matches")
    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    # Rank among the mandate's matches and among the round's; None when only in the other's top.
    rank_for_mandate = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_for_round = models.PositiveSmallIntegerField(null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=list)
    engine_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "funding_round"], name="matching_one_per_pair"
            )
        ]
        indexes = [
            models.Index(fields=["mandate", "rank_for_mandate"]),
            models.Index(fields=["funding_round", "rank_for_round"]),
        ]

    def __str__(self) -> str:
        return f"{self.mandate_id} x {self.funding_round_id}: {self.score}"


class ProgramEligibility(models.Model):
    """Whether a venture qualifies for an open program, and every rule it fails if not."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="eligibilities")
    venture = models.ForeignKey(
        Venture, on_delete=models.CASCADE, related_name="program_eligibilities"
    )
    eligible = models.BooleanField(_("eligible"))
    failures = models.JSONField(_("failed rules"), default=list, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program eligibility")
        verbose_name_plural = _("program eligibilities")
        constraints = [
            models.UniqueConstraint(fields=["program", "venture"], name="matching_one_eligibility")
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} @ {self.program_id}: {self.eligible}"
