"""Deals in any state, data-room documents of every allowed kind, and the two sides' actors."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from runway.accounts.models import User
from runway.deals.models import Confidentiality, Deal, DealState, Document
from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf_bytes(text: str = "Business plan 2026", pages: int = 2) -> bytes:
    """A real PDF with `text` on each of `pages` pages (WeasyPrint, as the platform renders)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    body = "".join(
        f"<p style='page-break-after: always'>{text} · {n + 1}</p>" for n in range(pages)
    )
    return bytes(HTML(string=f"<html><body>{body}</body></html>").write_pdf())


def office_bytes(kind: str) -> bytes:
    """A minimal DOCX ("word") or XLSX ("xl") container with the parts that identify it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        if kind == "word":
            archive.writestr("word/document.xml", "<document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def user_of(actor: Actor) -> User:
    if actor.user is None:
        raise ValueError("an actor of a person, not of a token")
    return actor.user


def named(actor: Actor, full_name: str) -> User:
    """The actor's person, renamed `full_name`."""
    user = user_of(actor)
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


def investor(role: str = Role.MEMBER) -> Actor:
    organization = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    return member_of(organization, role=role)


def venture_member(deal: Deal, role: str = Role.MEMBER) -> Actor:
    return member_of(deal.funding_round.venture.organization, role=role)


def investor_member(deal: Deal, role: str = Role.MEMBER) -> Actor:
    return member_of(deal.investor, role=role)


class DealFactory(factory.django.DjangoModelFactory[Deal]):
    """A deal put straight into `state`, as if the moves before had been made."""

    class Meta:
        model = Deal

    funding_round = factory.SubFactory(FundingRoundFactory)
    investor = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.INVESTOR, category="vc"
    )
    state = DealState.INTERESTED
    state_changed_at = factory.LazyFunction(timezone.now)


class DocumentFactory(factory.django.DjangoModelFactory[Document]):
    class Meta:
        model = Document

    venture = factory.SubFactory(VentureFactory)
    title = factory.Sequence(lambda n: f"Financial statements {n}")
    file = factory.LazyAttribute(lambda d: ContentFile(d.content, name="upload.csv"))
    original_name = "statements.csv"
    content_type = "text/csv"
    size = factory.LazyAttribute(lambda d: len(d.content))
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    confidentiality = Confidentiality.ON_INTRO

    class Params:
        content = b"month,revenue\n2026-01,100\n"


def upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def agreed_deal(
    funding_round: Any = None,
    *,
    amount: str = "500000.00",
    investor_org: Any = None,
    **round_fields: Any,
) -> Deal:
    """A deal at the term-sheet stage whose equity terms for `amount` the venture accepted: ready
    for a hard commitment."""
    from runway.deals.models import TermSheet, TermSheetKind, TermSheetStatus

    if funding_round is None:
        funding_round = FundingRoundFactory(**round_fields)
    extra = {} if investor_org is None else {"investor": investor_org}
    deal = DealFactory(funding_round=funding_round, state=DealState.TERM_SHEET, **extra)
    TermSheet.objects.create(
        deal=deal,
        version=1,
        kind=TermSheetKind.EQUITY,
        currency=funding_round.currency,
        terms={"amount": amount, "pre_money_valuation": "12000000.00", "security": "preferred"},
        status=TermSheetStatus.ACCEPTED,
        decided_at=timezone.now(),
    )
    return deal


def angel(role: str = Role.MEMBER) -> Actor:
    """An individual investor (an angel), who must declare to be qualified."""
    organization = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="angel")
    return member_of(organization, role=role)
