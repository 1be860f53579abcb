"""The fields of a term sheet for each instrument: what they mean, their bounds, how they read.

Terms arrive as plain values (from a form or the API), are checked field by field, and are
stored normalized: amounts, percentages and multiples as decimal strings, months as integers,
flags as booleans. Errors name the field, so forms and the API put them in the right place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from runway.deals.models import TermSheetKind

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999999.99")
SECURITIES = {"common": _("Common shares"), "preferred": _("Preferred shares")}


@dataclass(frozen=True)
class TermField:
    name: str
    label: StrPromise
    type: str  # money | percent | multiple | months | security | flag | text | month_list
    required: bool = True
    low: Decimal = Decimal(0)
    high: Decimal = MAX_AMOUNT


def _money(name: str, label: StrPromise, *, required: bool = True) -> TermField:
    return TermField(name, label, "money", required, Decimal("0.01"))


FIELDS: dict[str, tuple[TermField, ...]] = {
    TermSheetKind.EQUITY: (
        _money("amount", _("Investment")),
        _money("pre_money_valuation", _("Pre-money valuation")),
        TermField("security", _("Security"), "security"),
        TermField("board_seat", _("Board seat"), "flag", required=False),
        TermField("pro_rata", _("Pro-rata right in later rounds"), "flag", required=False),
    ),
    TermSheetKind.CONVERTIBLE: (
        _money("amount", _("Principal")),
        _money("valuation_cap", _("Valuation cap")),
        TermField("discount", _("Discount (%)"), "percent", high=Decimal(90)),
        TermField(
            "maturity_months", _("Maturity (months)"), "months", low=Decimal(1), high=Decimal(120)
        ),
    ),
    TermSheetKind.REVENUE_BASED: (
        _money("amount", _("Advance")),
        TermField(
            "fee",
            _("Fee, percent of the advance"),
            "percent",
            high=Decimal(100),
        ),
        TermField(
            "remittance_share",
            _("Remittance, percent of monthly revenue"),
            "percent",
            low=Decimal("0.01"),
            high=Decimal(100),
        ),
        TermField(
            "repayment_cap",
            _("Repayment cap (× the advance)"),
            "multiple",
            low=Decimal(1),
            high=Decimal(5),
        ),
        TermField(
            "holiday_months", _("Remittance holidays (months)"), "month_list", required=False
        ),
    ),
    TermSheetKind.LOAN: (
        _money("amount", _("Principal")),
        TermField(
            "rate", _("Interest rate (% a year)"), "percent", low=Decimal("0.01"), high=Decimal(36)
        ),
        TermField("term_months", _("Term (months)"), "months", low=Decimal(1), high=Decimal(360)),
        TermField("guarantee", _("Guarantee or security"), "text", required=False),
    ),
}

# The kind of term sheet each round instrument (taxonomy code) calls for.
KIND_FOR_INSTRUMENT = {
    "equity": TermSheetKind.EQUITY,
    "convertible-note": TermSheetKind.CONVERTIBLE,
    "revenue-based": TermSheetKind.REVENUE_BASED,
    "term-loan": TermSheetKind.LOAN,
    "credit-line": TermSheetKind.LOAN,
    "supply-chain-finance": TermSheetKind.LOAN,
    "guaranteed-loan": TermSheetKind.LOAN,
}


def _decimal(field: TermField, value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValidationError(gettext("Send this number as a decimal string."))
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as error:
        raise ValidationError(gettext("Enter a number.")) from error
    if not number.is_finite():
        raise ValidationError(gettext("Enter a number."))
    if number < field.low or number > field.high:
        raise ValidationError(
            gettext("Enter a value from %(low)s to %(high)s.")
            % {"low": f"{field.low.normalize():f}", "high": f"{field.high.normalize():f}"}
        )
    return number


def _clean(field: TermField, value: Any) -> Any:
    if field.type == "flag":
        return bool(value)
    if field.type == "text":
        return str(value or "").strip()[:500]
    if field.type == "security":
        if value not in SECURITIES:
            raise ValidationError(gettext("Choose common or preferred shares."))
        return value
    if field.type == "month_list":
        months = sorted({int(month) for month in value or []})
        if any(month < 1 or month > 12 for month in months):
            raise ValidationError(gettext("Months run from 1 to 12."))
        if len(months) > 3:
            raise ValidationError(gettext("At most three holiday months a year."))
        return months
    number = _decimal(field, value)
    if field.type == "months":
        if number != number.to_integral_value():
            raise ValidationError(gettext("Enter whole months."))
        return int(number)
    return str(number.quantize(CENT))


def terms_clean(kind: str, terms: dict[str, Any]) -> dict[str, Any]:
    """The normalized terms of a `kind` term sheet; ValidationError naming every bad field."""
    if kind not in FIELDS:
        raise ValidationError({"kind": gettext("Choose an instrument.")})
    known = {field.name for field in FIELDS[kind]}
    errors: dict[str, list[ValidationError]] = {
        name: [ValidationError(gettext("Not a term of this instrument."))]
        for name in terms
        if name not in known
    }
    cleaned: dict[str, Any] = {}
    for field in FIELDS[kind]:
        value = terms.get(field.name)
        if value in (None, "") and field.type not in ("flag", "text", "month_list"):
            if field.required:
                errors[field.name] = [ValidationError(gettext("This term is required."))]
            continue
        try:
            cleaned[field.name] = _clean(field, value)
        except (ValidationError, TypeError, ValueError) as error:
            message = error if isinstance(error, ValidationError) else gettext("Not valid.")
            errors[field.name] = [ValidationError(message)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def derived(kind: str, terms: dict[str, Any]) -> dict[str, Decimal]:
    """Figures that follow from the terms: post-money valuation and stake for equity, the most
    that can be repaid for a revenue-based advance."""
    if kind == TermSheetKind.EQUITY:
        amount, pre = Decimal(terms["amount"]), Decimal(terms["pre_money_valuation"])
        post = pre + amount
        return {"post_money_valuation": post, "stake_percent": (amount / post * 100).quantize(CENT)}
    if kind == TermSheetKind.REVENUE_BASED:
        amount = Decimal(terms["amount"])
        return {"repayable_at_most": (amount * Decimal(terms["repayment_cap"])).quantize(CENT)}
    return {}


def display_rows(kind: str, terms: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each term, in the reader's language, for pages and the PDF."""
    rows: list[tuple[str, str]] = []
    for field in FIELDS.get(kind, ()):
        value = terms.get(field.name)
        if field.type == "flag":
            text = str(_("Yes") if value else _("No"))
        elif field.type == "security":
            text = str(SECURITIES.get(str(value), value))
        elif field.type == "month_list":
            text = ", ".join(str(month) for month in value or []) or "–"
        elif field.type == "money" and value is not None:
            text = f"{Decimal(value):,.2f}"
        else:
            text = "–" if value in (None, "") else str(value)
        rows.append((str(field.label), text))
    figures = derived(kind, terms) if terms else {}
    if "post_money_valuation" in figures:
        rows.append((str(_("Post-money valuation")), f"{figures['post_money_valuation']:,.2f}"))
        rows.append((str(_("Investor's stake")), f"{figures['stake_percent']}%"))
    if "repayable_at_most" in figures:
        rows.append((str(_("Repayable at most")), f"{figures['repayable_at_most']:,.2f}"))
    return rows
