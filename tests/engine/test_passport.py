"""Data passport: signing, verification, tampering, validity window and malformed input."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from runway.engine import passport
from runway.engine.passport import Level, PassportError, Reason

ISSUED = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
EXPIRES = dt.datetime(2026, 9, 1, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DURING = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
# One fixed key keeps hypothesis examples independent of fixtures.
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def fields() -> dict[str, object]:
    return {
        "venture": {"id": 42, "name": "杭州小店", "credit_code": "91330100MA27Y8UQ3H"},
        "period": {"from": "2025-11", "to": "2026-01"},
        "currency": "CNY",
        "verification": Level.IMPORTED,
        "kpis": [
            {"month": "2025-11", "gmv": Decimal("1234.50"), "orders": 12, "visits": None},
            {"month": "2025-12", "gmv": Decimal("0.10"), "orders": 1, "visits": 300},
            {"month": "2026-01", "gmv": "88", "orders": 2, "visits": 310},
        ],
        "sources": [{"sha256": "ab" * 32, "name": "orders-2025.csv"}],
        "passport_id": "ppt_01",
    }


def issued(**overrides: object) -> dict[str, object]:
    return passport.issue(
        fields() | overrides, private_key=KEY, issued_at=ISSUED, expires_at=EXPIRES
    )


def check(document: object, now: dt.datetime = DURING) -> passport.Verification:
    return passport.verify(document, public_key=KEY.public_key(), now=now)


def test_issued_passport_verifies_and_reads_back() -> None:
    verdict = check(issued())

    assert verdict.ok
    assert verdict.reason is Reason.VALID
    assert verdict.passport is not None
    assert verdict.passport.venture_name == "杭州小店"
    assert verdict.passport.verification is Level.IMPORTED
    assert verdict.passport.issued_at == ISSUED
    assert verdict.passport.expires_at == EXPIRES
    assert verdict.passport.kpis[0] == {
        "month": "2025-11", "gmv": "1234.50", "orders": 12, "visits": None,
    }  # fmt: skip
    assert verdict.passport.key_id == passport.key_id(KEY.public_key())


def test_issue_writes_the_documented_shape() -> None:
    document = issued()

    assert document["format"] == "runway-passport/1"
    assert document["issued_at"] == "2026-03-01T09:30:00+00:00"
    assert document["expires_at"] == "2026-09-01T17:30:00+08:00"
    assert document["signature"] == {
        "algorithm": "Ed25519",
        "key_id": passport.key_id(KEY.public_key()),
        "value": document["signature"]["value"],  # type: ignore[index]
    }


def test_decimals_become_plain_strings_and_the_input_is_not_touched() -> None:
    given_fields = fields()
    kept = copy.deepcopy(given_fields)
    rows = [{"month": "2025-11", "gmv": Decimal("1E+3"), "refund_rate": Decimal("0.0500")}]

    document = passport.issue(
        given_fields | {"kpis": rows}, private_key=KEY, issued_at=ISSUED, expires_at=EXPIRES
    )

    assert document["kpis"] == [{"month": "2025-11", "gmv": "1000", "refund_rate": "0.0500"}]
    assert given_fields == kept


@pytest.mark.parametrize(
    "overrides",
    [
        {"kpis": [{"month": "2025-11", "gmv": 1234.5}]},
        {"venture": {"id": 1.0, "name": "A", "credit_code": None}},
        {"sources": [{"sha256": "ab" * 32, "name": "a.csv", "size": 1.5}]},
    ],
    ids=["kpi", "venture-id", "nested"],
)
def test_a_float_anywhere_is_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(PassportError, match="float"):
        issued(**overrides)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"currency": "cny"}, "currency"),
        ({"verification": "guessed"}, "verification"),
        ({"period": {"from": "2026-02", "to": "2026-01"}}, "period.from"),
        ({"period": {"from": "2025-13", "to": "2026-01"}}, "period.from"),
        ({"kpis": []}, "kpis"),
        ({"kpis": [{"month": "2026-01"}, {"month": "2025-12"}]}, "out of order"),
        ({"kpis": [{"month": "2025-11"}, {"month": "2025-11"}]}, "out of order"),
        ({"kpis": [{"month": "2024-01"}]}, "outside the period"),
        ({"kpis": [{"month": "2025-11", "gmv": "1,234.50"}]}, "gmv"),
        ({"kpis": [{"month": "2025-11", "gmv": True}]}, "gmv"),
        ({"kpis": [{"month": "2025-11", "GMV": "1"}]}, "KPI name"),
        ({"kpis": [{"month": "2025-11", "gmv": Decimal("NaN")}]}, "finite"),
        ({"kpis": [{"month": "2025-11", "orders": 2**60}]}, "2\\^53"),
        ({"sources": [{"sha256": "xyz", "name": "a.csv"}]}, "sha256"),
        ({"venture": {"id": 1, "name": "A"}}, "venture"),
        ({"passport_id": ""}, "passport_id"),
        ({"signature": "mine"}, "unknown fields"),
    ],
)
def test_issue_refuses_what_is_not_a_passport(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(PassportError, match=message):
        issued(**overrides)


@pytest.mark.parametrize(
    ("issued_at", "expires_at"),
    [
        (ISSUED.replace(tzinfo=None), EXPIRES),
        (ISSUED, EXPIRES.replace(tzinfo=None)),
        (ISSUED, ISSUED),
        (EXPIRES, ISSUED),
    ],
)
def test_issue_needs_aware_times_in_order(issued_at: dt.datetime, expires_at: dt.datetime) -> None:
    with pytest.raises(PassportError):
        passport.issue(fields(), private_key=KEY, issued_at=issued_at, expires_at=expires_at)


def _leaves(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _changed(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return "0"
    if isinstance(value, int):
        return value + 1
    return f"{value}0"


def _body_leaves() -> list[tuple[object, ...]]:
    document = issued()
    return [path for path in _leaves(document) if path[0] != "signature"]


@pytest.mark.parametrize("path", _body_leaves(), ids=lambda path: ".".join(map(str, path)))
def test_changing_any_signed_value_breaks_the_signature(path: tuple[object, ...]) -> None:
    document = issued()
    target: object = document
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = _changed(target[path[-1]])  # type: ignore[index]

    assert check(document).reason is Reason.BAD_SIGNATURE


@pytest.mark.parametrize("name", sorted(passport.BODY_FIELDS))
def test_removing_any_top_level_field_breaks_the_signature(name: str) -> None:
    document = issued()
    del document[name]

    assert check(document).reason is Reason.BAD_SIGNATURE


def test_adding_a_field_or_reordering_months_breaks_the_signature() -> None:
    added = issued() | {"note": "audited"}
    reordered = issued()
    reordered["kpis"] = list(reversed(reordered["kpis"]))  # type: ignore[call-overload]

    assert check(added).reason is Reason.BAD_SIGNATURE
    assert check(reordered).reason is Reason.BAD_SIGNATURE


@given(
    month=st.integers(min_value=0, max_value=2),
    kpi=st.sampled_from(["gmv", "orders", "visits"]),
    value=st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(lambda d: format(d, "f")),
        st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
        st.none(),
    ),
)
def test_any_other_kpi_value_breaks_the_signature(month: int, kpi: str, value: object) -> None:
    document = issued()
    row = document["kpis"][month]  # type: ignore[index]
    if row[kpi] == value:
        return
    row[kpi] = value

    assert check(document).reason is Reason.BAD_SIGNATURE


def test_key_order_and_whitespace_do_not_matter() -> None:
    document = issued()
    reversed_keys = json.loads(json.dumps(document), object_pairs_hook=lambda p: dict(p[::-1]))
    text = json.dumps(reversed_keys, indent=4, ensure_ascii=True)

    verdict = passport.verify_json(text.encode(), public_key=KEY.public_key(), now=DURING)

    assert list(reversed_keys) != list(document)
    assert verdict.reason is Reason.VALID


def test_an_outsider_verifies_with_the_documented_recipe() -> None:
    """The module docstring's recipe, with nothing from Runway but the file and the raw key."""
    document = json.loads(json.dumps(issued(), ensure_ascii=False))
    signature = document.pop("signature")
    signed = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    raw_key = KEY.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )

    Ed25519PublicKey.from_public_bytes(raw_key).verify(
        base64.b64decode(signature["value"]), signed.encode("utf-8")
    )
    assert signed.encode("utf-8") == passport.canonical_bytes(document)
    assert signature["key_id"] == hashlib.sha256(raw_key).hexdigest()[:16]


def test_canonical_form_sorts_keys_and_has_no_whitespace() -> None:
    assert passport.canonical_bytes({"b": [1, None, True], "a": "é\n"}) == (
        '{"a":"é\\n","b":[1,null,true]}'.encode()
    )


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        (ISSUED - dt.timedelta(seconds=1), Reason.NOT_YET_VALID),
        (ISSUED, Reason.VALID),
        (EXPIRES - dt.timedelta(microseconds=1), Reason.VALID),
        (EXPIRES, Reason.EXPIRED),
        (EXPIRES + dt.timedelta(days=400), Reason.EXPIRED),
    ],
)
def test_validity_window(now: dt.datetime, reason: Reason) -> None:
    verdict = check(issued(), now=now)

    assert verdict.reason is reason
    assert verdict.ok is (reason is Reason.VALID)
    assert verdict.passport is not None  # authentic, whatever the time


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        check(issued(), now=DURING.replace(tzinfo=None))


def test_another_key_is_unknown_and_a_borrowed_key_id_does_not_help() -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    document = issued()
    forged = passport.issue(fields(), private_key=other, issued_at=ISSUED, expires_at=EXPIRES)
    forged["signature"]["key_id"] = document["signature"]["key_id"]  # type: ignore[index]

    assert check(document, now=DURING).ok
    assert (
        passport.verify(document, public_key=other.public_key(), now=DURING).reason
        is Reason.UNKNOWN_KEY
    )
    assert check(forged).reason is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        ({"key_id": "0000000000000000"}, Reason.UNKNOWN_KEY),
        ({"value": base64.b64encode(bytes(64)).decode()}, Reason.BAD_SIGNATURE),
        ({"algorithm": "RS256"}, Reason.MALFORMED),
        ({"value": "not base64!"}, Reason.MALFORMED),
        ({"value": base64.b64encode(bytes(63)).decode()}, Reason.MALFORMED),
        ({"value": 7}, Reason.MALFORMED),
        ({"extra": 1}, Reason.MALFORMED),
    ],
)
def test_signature_block_problems(signature: dict[str, object], reason: Reason) -> None:
    document = issued()
    document["signature"] = document["signature"] | signature  # type: ignore[operator]

    assert check(document).reason is reason


def _signed_body(**changes: object) -> dict[str, object]:
    """A body the key really signed but `issue` would refuse: only verify's checks stand."""
    body = {k: v for k, v in issued().items() if k != "signature"} | changes
    value = base64.b64encode(KEY.sign(passport.canonical_bytes(body))).decode()
    key = passport.key_id(KEY.public_key())
    return body | {"signature": {"algorithm": "Ed25519", "key_id": key, "value": value}}


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "runway-passport/2"},
        {"expires_at": "2026-09-01T17:30:00"},
        {"issued_at": "yesterday"},
        {"kpis": [{"month": "2025-11", "gmv": "12e3"}]},
        {"venture": ["Acme"]},
    ],
)
def test_signed_but_invalid_contents_are_malformed(changes: dict[str, object]) -> None:
    verdict = check(_signed_body(**changes))

    assert verdict.reason is Reason.MALFORMED
    assert verdict.passport is None
    assert "signed, but not a valid passport" in verdict.detail


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"\xff\xfe garbage",
        b"[]",
        b"null",
        b'"passport"',
        b'{"format": "runway-passport/1"}',
        b'{"signature": null}',
        b'{"a": 1, "a": 2, "signature": {}}',
        b'{"gmv": NaN}',
        b"[" * 100_000,
        b" " * (passport.MAX_DOCUMENT_BYTES + 1),
    ],
    ids=lambda raw: repr(raw[:24]),
)
def test_malformed_input_gives_a_reason_not_a_traceback(raw: bytes) -> None:
    verdict = passport.verify_json(raw, public_key=KEY.public_key(), now=DURING)

    assert verdict.reason is Reason.MALFORMED
    assert verdict.detail


def test_duplicate_keys_and_floats_in_a_signed_file_are_malformed() -> None:
    text = json.dumps(issued())
    duplicated = text.replace('"currency": "CNY"', '"currency": "CNY", "currency": "USD"')
    with_float = text.replace('"orders": 12', '"orders": 12.0')

    for raw in (duplicated, with_float):
        verdict = passport.verify_json(raw.encode(), public_key=KEY.public_key(), now=DURING)
        assert verdict.reason is Reason.MALFORMED, raw


def test_keys_round_trip_through_pem() -> None:
    private_pem = passport.private_key_pem(KEY)
    public_pem = passport.public_key_pem(KEY)

    loaded = passport.load_private_key(private_pem)
    public = passport.load_public_key(public_pem)

    assert passport.key_id(loaded.public_key()) == passport.key_id(public)
    assert len(passport.key_id(public)) == 16
    assert check(issued()).ok


@pytest.mark.parametrize("loader", [passport.load_private_key, passport.load_public_key])
def test_keys_that_are_not_ed25519_pem_are_refused(loader: Callable[[bytes], object]) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_pems = (
        ec_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        ec_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )
    for pem in (b"", b"-----BEGIN NOTHING-----", *ec_pems):
        with pytest.raises(PassportError):
            loader(pem)
