"""Builds and removes the demo platform: the catalogue's organizations with their people,
ventures, rounds, mandates, lenders' grids and government programs with their applications and
awards (created through the apps' own services), and every venture's order export in default
storage. The demo logins are read back for the command line."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from runway.accounts.models import User
from runway.demo.builder import PLATFORM_STAFF, Builder
from runway.demo.catalogue import DEMO_DOMAIN, DEMO_PASSWORD, load_catalogue
from runway.demo.commitments import build_demo_syndicates, delete_demo_syndicates
from runway.demo.events import demo_events_build
from runway.demo.exits import exits_demo_build, exits_demo_delete
from runway.demo.fx import demo_rates_build
from runway.demo.histories import build_exports, delete_exports, import_export, store_export
from runway.demo.portfolio import portfolio_demo_build, portfolio_demo_delete
from runway.demo.sponsors import demo_sponsorships
from runway.directory.services import directory_rebuild
from runway.matching.services import program_eligibility_refresh, rematch_all
from runway.metrics.models import ImportJob, JobStatus
from runway.orgs.models import (
    Membership,
    Organization,
    OrganizationCategory,
    OrganizationKind,
    Role,
)
from runway.programs.models import Award, Program
from runway.ventures.models import Venture

if TYPE_CHECKING:
    from runway.demo.catalogue import Catalogue, VentureSpec
    from runway.demo.histories import VentureExport

DEMO_SEED = 2026


@dataclass(frozen=True, slots=True)
class DemoLogin:
    email: str
    role: str
    organization: str
    organization_kind: str
    category: str
    password: str = DEMO_PASSWORD

    @property
    def role_label(self) -> str:
        """The role as people read it, e.g. "Owner, platform staff"."""
        label = str(Role(self.role).label)
        if self.email == PLATFORM_STAFF:
            return _("%(role)s, platform staff") % {"role": label}
        return label

    @property
    def organization_label(self) -> str:
        """The name with the category (or kind), e.g. "流水贷科技 (Revenue-based lender)"."""
        kind = (
            OrganizationCategory(self.category).label
            if self.category
            else OrganizationKind(self.organization_kind).label
        )
        return f"{self.organization} ({kind})"


@dataclass(frozen=True, slots=True)
class DemoReport:
    built: bool
    message: str
    password: str = DEMO_PASSWORD
    logins: tuple[DemoLogin, ...] = ()
    organizations: dict[str, int] = field(default_factory=dict)  # by kind
    rounds: dict[str, int] = field(default_factory=dict)  # by status
    mandates: int = 0
    users: int = 0
    grids: int = 0
    programs: int = 0
    registrations: int = 0
    applications: dict[str, int] = field(default_factory=dict)  # by status
    awards: int = 0
    exports: int = 0
    orders: int = 0
    imported: int = 0  # exports imported as traction
    seconds: float = 0.0

    @property
    def ventures(self) -> int:
        return self.organizations.get(OrganizationKind.VENTURE, 0)


def _demo_users() -> QuerySet[User]:
    return User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")


def _demo_organizations() -> QuerySet[Organization]:
    """The catalogue's organizations, recognised by slug and by a demo member, so that a real
    organization that happens to share a slug is never taken for the demo's."""
    ids = Membership.objects.filter(
        organization__slug__in=load_catalogue().slugs, user__in=_demo_users()
    ).values("organization_id")
    return Organization.objects.filter(pk__in=ids)


def demo_is_loaded() -> bool:
    """Whether any demo organization or demo user is in the database."""
    return _demo_users().exists()


def demo_logins() -> tuple[DemoLogin, ...]:
    """The catalogue's named logins that exist in the database, in catalogue order."""
    catalogue = load_catalogue()
    listed = [(p.email, o.slug) for o in catalogue.all_organizations for p in o.people if p.listed]
    memberships = {
        (m.user.email, m.organization.slug): m
        for m in Membership.objects.select_related("user", "organization").filter(
            user__email__in={email for email, _slug in listed},
            organization__slug__in=catalogue.slugs,
        )
    }
    return tuple(
        DemoLogin(
            email=email,
            role=m.role,
            organization=m.organization.name,
            organization_kind=m.organization.kind,
            category=m.organization.category,
        )
        for email, slug in listed
        if (m := memberships.get((email, slug))) is not None
    )


def _delete_programs(organizations: QuerySet[Organization]) -> None:
    """Awards protect their programs and ventures from deletion, and programs their government
    organization: the demo's go first. An award another program made to a demo venture goes
    too, and its amount goes back to that program's budget."""
    awards = Award.objects.filter(
        Q(program__organization__in=organizations) | Q(venture__organization__in=organizations)
    )
    given_by_others = (
        awards.exclude(program__organization__in=organizations)
        .values("program")
        .annotate(total=Sum("amount"))
        .values_list("program", "total")
    )
    for program_id, total in given_by_others:
        Program.objects.filter(pk=program_id).update(committed=F("committed") - total)
    awards.delete()
    Program.objects.filter(organization__in=organizations).delete()


def demo_delete() -> int:
    """Removes what the demo created: its organizations (with their ventures, rounds, mandates,
    grids, programs and memberships), its users and its export files. Returns the organizations
    deleted."""
    catalogue = load_catalogue()
    with transaction.atomic():
        organizations = _demo_organizations()
        count = organizations.count()
        uploads = list(
            ImportJob.objects.filter(venture__organization__in=organizations).values_list(
                "file", flat=True
            )
        )
        # Holdings, reservations and deal records protect organizations, rounds and programs.
        delete_demo_syndicates(organizations)
        portfolio_demo_delete(organizations)
        exits_demo_delete(organizations)
        _delete_programs(organizations)
        organizations.delete()
        _demo_users().delete()
    delete_exports(catalogue.slugs)
    for name in uploads:
        default_storage.delete(name)
    return count


def demo_build(
    *,
    seed: int = DEMO_SEED,
    reset: bool = False,
    scale: float = 1.0,
    months: int | None = None,
    catalogue: Catalogue | None = None,
) -> DemoReport:
    """Builds the demo platform, or does nothing when the database already has organizations.

    `reset` first deletes an earlier demo (and only the demo). `scale` multiplies every venture's
    order volume and `months` caps its history, for quick runs; the organizations are always the
    full catalogue. The same seed always gives the same organizations and the same files.
    Applications are submitted after the orders are imported, since program rules read revenue;
    if one is refused, the demo is removed again and DemoBuildError says why. `catalogue`
    replaces the fixtures' (with the same organizations: deletion finds the demo by its slugs).
    """
    started = time.perf_counter()
    if reset:
        demo_delete()
    elif Organization.objects.exists() or demo_is_loaded():
        return DemoReport(
            built=False,
            message=_(
                "The database already has organizations, so no demo data was added. "
                "Run the demo command with --reset to replace the demo data."
            ),
        )
    catalogue = catalogue or load_catalogue()
    builder = Builder(catalogue)
    with transaction.atomic():
        builder.build()
    try:
        exports = build_exports(
            catalogue.ventures, seed=seed, scale=scale, months=months, with_traction=True
        )
        for export in exports:
            store_export(export)
        imported = _import_exports(catalogue.ventures, exports)
        with transaction.atomic():
            created = builder.take_up()
        demo_rates_build()
        # Matches at once, rather than when the worker gets to the re-matches the build queued.
        rematch_all()
        program_eligibility_refresh()
        # What happens on the platform after sign-up: syndicates close into holdings, the
        # holdings raise alerts, a failed round leads to a sale listing, intermediaries sponsor
        # ventures and run roadshows.
        build_demo_syndicates()
        portfolio_demo_build()
        exits_demo_build()
        demo_sponsorships()
        demo_events_build()
        directory_rebuild()
    except Exception:
        # A demo without its programs' take-up would look complete and mislead; the next run
        # must start clean rather than find "the database already has organizations".
        demo_delete()
        raise
    return DemoReport(
        built=True,
        message=_("The demo platform is ready."),
        logins=demo_logins(),
        organizations=dict(Counter(o.kind for o in catalogue.all_organizations)),
        rounds=dict(created.rounds),
        mandates=created.mandates,
        users=created.users,
        grids=created.grids,
        programs=created.programs,
        registrations=created.registrations,
        applications=dict(created.applications),
        awards=created.awards,
        exports=len(exports),
        orders=sum(e.orders for e in exports),
        imported=imported,
        seconds=round(time.perf_counter() - started, 1),
    )


def _import_exports(specs: Sequence[VentureSpec], exports: Sequence[VentureExport]) -> int:
    """Imports every venture's export; returns how many were accepted."""
    currencies = {spec.organization.slug: spec.history.currency for spec in specs}
    ventures = {
        v.organization.slug: v
        for v in Venture.objects.select_related("organization").filter(
            organization__slug__in=[e.slug for e in exports]
        )
    }
    jobs = [
        import_export(e, venture=ventures[e.slug], currency=currencies[e.slug])
        for e in exports
        if e.slug in ventures
    ]
    return sum(job.status == JobStatus.SUCCEEDED for job in jobs)
