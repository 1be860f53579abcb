"""Deals between an investor and a venture's round, their Q&A, and the venture's data room.

A deal's state only moves through `services.deals.deal_transition`; every move is a `DealEvent`.
The states form a chain without cycles, so a deal enters each state at most once: the unique
(deal, to_state) constraint makes the database refuse a repeated transition whatever the code
above it does.

Data-room files are reached only through permission-checked views: their storage names are
random, and nothing links them to MEDIA_URL. Every view or download, allowed or refused, is an
`AccessEvent`.

A round's syndicate is its `Commitment`s: soft ones are indications, hard ones bind and count
against the round's cap and investor limit (services.commitments holds the round row locked while
it checks them); a government co-investment program's share is a `ProgramReservation`, held from
the program's budget until the round closes (it becomes an award and a holding) or fails (it is
released).
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from runway.matching.models import Match
from runway.orgs.models import AccessRecord, Organization
from runway.orgs.money import amount_field, currency_field
from runway.programs.models import Program
from runway.ventures.models import FundingRound, Venture


class DealState(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    INTRO_REQUESTED = "intro_requested", _("Intro requested")
    INTRO_ACCEPTED = "intro_accepted", _("Intro accepted")
    INTRO_DECLINED = "intro_declined", _("Intro declined")
    DILIGENCE = "diligence", _("Due diligence")
    TERM_SHEET = "term_sheet", _("Term sheet")
    COMMITTED = "committed", pgettext_lazy("deal state", "Committed")
    CLOSED = "closed", pgettext_lazy("deal state", "Closed")
    PASSED = "passed", _("Passed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Deal(models.Model):
    """One investor organization's way through one funding round."""

    funding_round = models.ForeignKey(
        FundingRound, verbose_name=_("funding round"), on_delete=models.CASCADE,
        related_name="deals",
    )  # fmt: skip
    investor = models.ForeignKey(
        Organization, verbose_name=_("investor"), on_delete=models.CASCADE, related_name="deals"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=DealState.choices, default=DealState.INTERESTED
    )
    # The match the investor started from, when it did.
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    intro_message = models.TextField(_("introduction message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(_("last change"), auto_now_add=True)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-state_changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "investor"], name="deals_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DealState.values), name="deals_state_known"
            ),
        ]
        indexes = [models.Index(fields=["investor", "state"])]

    def __str__(self) -> str:
        return f"{self.investor_id} x {self.funding_round_id}: {self.state}"


class DealEvent(models.Model):
    """One transition: from, to, who, for which organization, when, and why."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=DealState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "to_state"], name="deals_state_entered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.from_state or '-'} -> {self.to_state}"


class Message(models.Model):
    """A question or answer in a deal's thread, seen by its two sides only."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.deal_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    ON_INTRO = "on_intro", _("After an accepted intro")
    ON_NDA = "on_nda", _("After an accepted intro and the NDA")


def document_upload_to(document: Document, filename: str) -> str:
    """dataroom/<venture id>/<random>.<ext>: nothing in it can be guessed, not even the name."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"dataroom/{document.venture_id}/{secrets.token_urlsafe(24)}{suffix}"


class LiveDocumentManager(models.Manager["Document"]):
    """Documents not deleted: the only ones any list, page or file view may ever reach."""

    def get_queryset(self) -> models.QuerySet[Document]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Document(models.Model):
    """A data-room file. Deleting one is soft: the row stays, so its AccessEvents and the
    venture's analytics keep naming it, but `objects` no longer returns it and its stored file
    is removed. A replacement is a new row whose `replaces` is the version it took over from."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    # Detected from the bytes at upload, never taken from the browser.
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=10, choices=Confidentiality.choices,
        default=Confidentiality.ON_INTRO,
    )  # fmt: skip
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # One-to-one: a version is replaced at most once, even by two replacements racing.
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaced_by",
    )  # fmt: skip
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    # Deleted and replaced versions too: the venture's version history and the audit trail.
    all_versions = models.Manager()
    objects = LiveDocumentManager()

    class Meta:
        # Related managers (venture.documents) and forms use the default: live documents only.
        default_manager_name = "objects"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]
        constraints = [
            # Deleted versions do not count: a file deleted may be uploaded again.
            models.UniqueConstraint(
                fields=["venture", "sha256"], condition=Q(deleted_at__isnull=True),
                name="deals_live_document_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class NdaAcceptance(models.Model):
    """A person's click-through acceptance of the NDA text `version`, for their organization,
    towards one venture."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="nda_acceptances")
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="nda_acceptances"
    )
    version = models.CharField(_("NDA version"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "venture", "version"], name="deals_nda_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} -> {self.venture_id} (v{self.version})"


class GrantLevel(models.TextChoices):
    ON_INTRO = "on_intro", _("Documents shared after an intro")
    ON_NDA = "on_nda", _("Also documents under NDA")


class AccessGrant(models.Model):
    """Lets `organization` open one document, or the venture's data room up to `level`.

    `on_nda` documents also need the organization's NDA acceptance, whatever the grant says.
    """

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="access_grants")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="grants",
        help_text=_("Empty: the whole data room, up to the level."),
    )  # fmt: skip
    level = models.CharField(
        _("level"), max_length=10, choices=GrantLevel.choices, default=GrantLevel.ON_INTRO
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="access_grants",
    )  # fmt: skip
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["organization", "venture"])]

    def __str__(self) -> str:
        return f"{self.organization_id} -> {self.document_id or 'room'} of {self.venture_id}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    DOWNLOAD = "download", _("Download")


class AccessEvent(AccessRecord):
    """One view or download of a data-room document, or one refused attempt."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="access_events")
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["document", "outcome", "organization"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.action} {self.outcome} by {self.organization_id}"


class TermSheetKind(models.TextChoices):
    EQUITY = "equity", _("Equity")
    CONVERTIBLE = "convertible", _("Convertible note")
    REVENUE_BASED = "revenue_based", _("Revenue-based financing")
    LOAN = "loan", _("Loan")


class TermSheetStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class TermSheet(models.Model):
    """One version of the investor's offer on a deal; a new version supersedes the open one.

    `terms` holds the instrument's fields as validated by runway.deals.term_sheets (amounts and
    rates as decimal strings), never edited once offered.
    """

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="term_sheets")
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("instrument"), max_length=20, choices=TermSheetKind.choices)
    currency = currency_field()
    terms = models.JSONField(_("terms"))
    status = models.CharField(
        _("status"), max_length=12, choices=TermSheetStatus.choices,
        default=TermSheetStatus.OFFERED,
    )  # fmt: skip
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    offered_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("term sheet")
        verbose_name_plural = _("term sheets")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "version"], name="deals_term_sheet_version"),
            models.UniqueConstraint(
                fields=["deal"], condition=Q(status="offered"), name="deals_one_open_offer"
            ),
            models.UniqueConstraint(
                fields=["deal"], condition=Q(status="accepted"), name="deals_one_accepted_offer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deal_id} v{self.version} ({self.status})"


class CommitmentKind(models.TextChoices):
    SOFT = "soft", pgettext_lazy("commitment", "Soft")
    HARD = "hard", pgettext_lazy("commitment", "Hard")


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("commitment", "Active")
    WITHDRAWN = "withdrawn", pgettext_lazy("commitment", "Withdrawn")
    # A soft commitment that became the deal's hard one; a hard one that became a holding.
    CONVERTED = "converted", pgettext_lazy("commitment", "Converted")
    # Lapsed at closing (soft), or let go when the round failed or was cancelled.
    RELEASED = "released", pgettext_lazy("commitment", "Released")


class Commitment(models.Model):
    """An investor's commitment on its deal, in the round's currency.

    `funding_round` and `investor` repeat the deal's, so the round's totals are one aggregate. A
    deal commits hard once (unique constraint, whatever the status) and has at most one active
    soft commitment.
    """

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="commitments")
    funding_round = models.ForeignKey(
        FundingRound, verbose_name=_("funding round"), on_delete=models.CASCADE,
        related_name="commitments",
    )  # fmt: skip
    investor = models.ForeignKey(
        Organization, verbose_name=_("investor"), on_delete=models.CASCADE,
        related_name="commitments",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=4, choices=CommitmentKind.choices)
    amount = amount_field(_("amount"))
    currency = currency_field()
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices,
        default=CommitmentStatus.ACTIVE,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("committed at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="deals_commitment_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values), name="deals_commitment_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values),
                name="deals_commitment_status_known",
            ),
            models.UniqueConstraint(
                fields=["deal"], condition=Q(kind="hard"), name="deals_one_hard_commitment"
            ),
            models.UniqueConstraint(
                fields=["deal"],
                condition=Q(kind="soft", status="active"),
                name="deals_one_active_soft_commitment",
            ),
        ]
        indexes = [models.Index(fields=["funding_round", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.investor_id} {self.kind} {self.amount} {self.currency} ({self.status})"


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("reservation", "Reserved")
    CONVERTED = "converted", pgettext_lazy("reservation", "Invested")
    RELEASED = "released", pgettext_lazy("reservation", "Released")


class ProgramReservation(models.Model):
    """A co-investment program's money held for a round, from the program's budget.

    `amount` follows the round's hard commitments within the program's ratio and caps
    (services.commitments.reservation_recalculate); while active it is part of the program's
    `reserved`, which the database keeps within the budget together with the awards.
    """

    funding_round = models.ForeignKey(
        FundingRound, verbose_name=_("funding round"), on_delete=models.CASCADE,
        related_name="program_reservations",
    )  # fmt: skip
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT,
        related_name="reservations",
    )  # fmt: skip
    amount = amount_field(_("amount reserved"), default=0)
    currency = currency_field()
    status = models.CharField(
        _("status"), max_length=10, choices=ReservationStatus.choices,
        default=ReservationStatus.ACTIVE,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program reservation")
        verbose_name_plural = _("program reservations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="deals_reservation_not_negative"
            ),
            models.UniqueConstraint(
                fields=["funding_round", "program"], name="deals_one_reservation_per_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} -> {self.funding_round_id}: {self.amount} ({self.status})"
