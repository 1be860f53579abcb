"""The demo imports every venture's generated export, so every demo venture has traction."""

from __future__ import annotations

import pytest

from runway.demo.services import demo_build, demo_delete
from runway.metrics.models import ImportJob, JobStatus, MonthlyKPI, VerificationLevel
from runway.ventures.models import Venture

pytestmark = pytest.mark.django_db


def test_every_demo_venture_has_imported_kpis() -> None:
    report = demo_build(scale=0.05, months=2)
    ventures = Venture.objects.count()
    assert ventures > 0
    assert report.imported == report.exports == ventures
    with_kpis = MonthlyKPI.objects.filter(verification=VerificationLevel.IMPORTED)
    assert with_kpis.values("venture").distinct().count() == ventures
    assert set(ImportJob.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    assert demo_delete() > 0
    assert not ImportJob.objects.exists()
