"""Data passport: a venture's monthly KPIs for a period, signed with the platform's Ed25519 key.

A passport is a JSON object (`format` "runway-passport/1") with the fields `venture`, `period`,
`currency`, `verification`, `kpis`, `sources`, `issued_at`, `expires_at`, `passport_id`, plus a
`signature` object {"algorithm": "Ed25519", "key_id", "value"}.

To verify one with any Ed25519 library, without Runway:

1. Parse the JSON and remove the top-level `signature` member; the rest is the signed body.
2. Serialize the body canonically (`canonical_bytes`): objects with their members sorted by key
   (UTF-16 code units, which for the ASCII keys of a passport is plain byte order), no whitespace
   at all (`,` and `:` as separators), strings as JSON strings with only `"`, `\\` and control
   characters escaped (`\\b \\f \\n \\r \\t`, others as lowercase `\\u00xx`), integers in plain
   decimal, encoded as UTF-8. A passport holds no floats: money and rates are decimal strings such
   as "1234.50". For such documents this is exactly RFC 8785 (JCS); in Python it is
   `json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()`.
3. `value` is the standard base64 (with padding) of the 64-byte Ed25519 signature of those bytes.
   `key_id` is the first 16 hex characters of SHA-256 over the 32-byte raw public key.
4. The passport holds from `issued_at` (inclusive) to `expires_at` (exclusive), ISO 8601 with
   an offset.

Everything here is pure: times, keys and documents are handed in; nothing reads the clock.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "runway-passport/1"
ALGORITHM = "Ed25519"
SIGNATURE_BYTES = 64
# Beyond 2^53 JSON numbers stop being exact in many verifiers' languages.
MAX_SAFE_INTEGER = 2**53 - 1
MAX_DOCUMENT_BYTES = 2_000_000
FIELDS = ("venture", "period", "currency", "verification", "kpis", "sources", "passport_id")
BODY_FIELDS = frozenset({"format", "issued_at", "expires_at", *FIELDS})

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])\Z")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?\Z")
KPI_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
SHA256_HEX = re.compile(r"[0-9a-f]{64}\Z")
CURRENCY = re.compile(r"[A-Z]{3}\Z")

KpiValue = str | int | None


class PassportError(ValueError):
    """A document, field or key that cannot be a passport; the message says which and why."""


class Level(StrEnum):
    IMPORTED = "imported"
    CONNECTED = "connected"
    SELF_REPORTED = "self_reported"


class Reason(StrEnum):
    VALID = "valid"
    BAD_SIGNATURE = "bad_signature"
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True, slots=True)
class Passport:
    """The signed contents, read back; KPI rows keep their decimal strings as signed."""

    passport_id: str
    venture_id: str | int
    venture_name: str
    credit_code: str | None
    period_from: str
    period_to: str
    currency: str
    verification: Level
    kpis: tuple[Mapping[str, KpiValue], ...]
    sources: tuple[tuple[str, str], ...]  # (sha256, name)
    issued_at: dt.datetime
    expires_at: dt.datetime
    key_id: str


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict; `passport` is set only when the signature is good (also when expired)."""

    reason: Reason
    detail: str
    passport: Passport | None = None

    @property
    def ok(self) -> bool:
        return self.reason is Reason.VALID


def canonical_bytes(document: object) -> bytes:
    """The bytes that are signed: see the module docstring. Raises PassportError for floats,
    integers beyond 2^53 - 1, non-string keys or any value JSON cannot hold exactly."""
    try:
        return _canonical(document, "$").encode("utf-8")
    except UnicodeEncodeError as error:
        raise PassportError("a string holds an unpaired surrogate") from error


def _canonical(value: object, path: str) -> str:
    if value is None or isinstance(value, bool | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise PassportError(f"{path}: integer beyond 2^53 - 1; use a decimal string")
        return str(int(value))
    if isinstance(value, list):
        return "[" + ",".join(_canonical(v, f"{path}[{i}]") for i, v in enumerate(value)) + "]"
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise PassportError(f"{path}: object keys must be strings")
        keys = sorted(value, key=lambda key: key.encode("utf-16-be", "surrogatepass"))
        members = (
            json.dumps(key, ensure_ascii=False) + ":" + _canonical(value[key], f"{path}.{key}")
            for key in keys
        )
        return "{" + ",".join(members) + "}"
    kind = "a float (use Decimal or str)" if isinstance(value, float) else type(value).__name__
    raise PassportError(f"{path}: {kind} is not allowed in a passport")


def issue(
    document_fields: Mapping[str, object],
    *,
    private_key: Ed25519PrivateKey,
    issued_at: dt.datetime,
    expires_at: dt.datetime,
) -> dict[str, object]:
    """A new signed passport. `document_fields` holds venture, period, currency, verification,
    kpis (one mapping per month, ascending, values Decimal, decimal str, int or None), sources and
    passport_id; Decimals become strings, and floats anywhere raise PassportError."""
    missing = [name for name in FIELDS if name not in document_fields]
    unknown = sorted(set(document_fields) - set(FIELDS))
    if missing or unknown:
        raise PassportError(f"missing fields {missing}, unknown fields {unknown}")
    body: dict[str, object] = {name: _plain(document_fields[name], name) for name in FIELDS}
    body |= {
        "format": FORMAT,
        "issued_at": _timestamp(issued_at, "issued_at"),
        "expires_at": _timestamp(expires_at, "expires_at"),
    }
    public = private_key.public_key()
    _read_body(body, key_id(public))
    value = base64.b64encode(private_key.sign(canonical_bytes(body))).decode("ascii")
    return body | {"signature": {"algorithm": ALGORITHM, "key_id": key_id(public), "value": value}}


def _plain(value: object, path: str) -> object:
    """JSON values from what callers hold: Decimal to a plain decimal string, tuples to lists."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise PassportError(f"{path}: {value} is not a finite amount")
        return format(value, "f")
    if isinstance(value, Mapping):
        return {key: _plain(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, StrEnum):
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    kind = "a float (use Decimal or str)" if isinstance(value, float) else type(value).__name__
    raise PassportError(f"{path}: {kind} is not allowed in a passport")


def _timestamp(moment: dt.datetime, name: str) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PassportError(f"{name} must be an aware datetime")
    return moment.isoformat()


def verify(document: object, *, public_key: Ed25519PublicKey, now: dt.datetime) -> Verification:
    """Checks, in order: shape of the signature, key, signature, contents, validity window.
    Never raises for a bad document; `now` must be aware."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    try:
        body, signed_by, signature = _split(document)
        payload = canonical_bytes(body)
    except PassportError as error:
        return Verification(Reason.MALFORMED, str(error))
    except RecursionError:
        return Verification(Reason.MALFORMED, "nested too deeply")
    expected = key_id(public_key)
    if signed_by != expected:
        return Verification(
            Reason.UNKNOWN_KEY, f"signed with key {signed_by}, not with this key ({expected})"
        )
    try:
        public_key.verify(signature, payload)
    except InvalidSignature:
        return Verification(
            Reason.BAD_SIGNATURE, "the signature does not match: the document was altered"
        )
    try:
        passport = _read_body(body, expected)
    except PassportError as error:
        return Verification(Reason.MALFORMED, f"signed, but not a valid passport: {error}")
    if now < passport.issued_at:
        reason, detail = Reason.NOT_YET_VALID, f"not valid before {passport.issued_at.isoformat()}"
    elif now >= passport.expires_at:
        reason, detail = Reason.EXPIRED, f"expired at {passport.expires_at.isoformat()}"
    else:
        reason = Reason.VALID
        detail = f"signature valid (key {expected}), expires {passport.expires_at.isoformat()}"
    return Verification(reason, detail, passport)


def verify_json(raw: bytes, *, public_key: Ed25519PublicKey, now: dt.datetime) -> Verification:
    """`verify` for a file's bytes: duplicate keys, NaN and oversized input are malformed."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        return Verification(Reason.MALFORMED, f"larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        document = json.loads(
            raw.decode("utf-8-sig"),
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
        )
    except (ValueError, RecursionError) as error:
        return Verification(Reason.MALFORMED, f"not JSON: {error}")
    return verify(document, public_key=public_key, now=now)


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    # Parsers disagree on which duplicate wins: a reader could see a figure that was not signed.
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise PassportError("an object repeats a key")
    return dict(pairs)


def _no_constant(name: str) -> object:
    raise PassportError(f"{name} is not a number")


def _split(document: object) -> tuple[dict[str, object], str, bytes]:
    if not isinstance(document, dict):
        raise PassportError("a passport is a JSON object")
    body = {key: value for key, value in document.items() if key != "signature"}
    signature = _object(document.get("signature"), "signature", {"algorithm", "key_id", "value"})
    if signature["algorithm"] != ALGORITHM:
        raise PassportError(f"signature.algorithm must be {ALGORITHM}")
    signed_by, value = signature["key_id"], signature["value"]
    if not isinstance(signed_by, str) or not isinstance(value, str):
        raise PassportError("signature.key_id and signature.value must be strings")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise PassportError("signature.value is not base64") from error
    if len(raw) != SIGNATURE_BYTES:
        raise PassportError(f"signature.value must hold {SIGNATURE_BYTES} bytes")
    return body, signed_by, raw


def _read_body(body: Mapping[str, object], signed_by: str) -> Passport:
    """The contents checked field by field; raises PassportError naming the first problem."""
    missing, extra = sorted(BODY_FIELDS - set(body)), sorted(set(body) - BODY_FIELDS)
    if missing or extra:
        raise PassportError(f"missing fields {missing}, unexpected fields {extra}")
    if body["format"] != FORMAT:
        raise PassportError(f"format must be {FORMAT}")
    venture = _object(body["venture"], "venture", {"id", "name", "credit_code"})
    venture_id = venture["id"]
    if isinstance(venture_id, bool) or not isinstance(venture_id, int | str) or venture_id == "":
        raise PassportError("venture.id must be an integer or a non-empty string")
    credit_code = venture["credit_code"]
    if credit_code is not None and not isinstance(credit_code, str):
        raise PassportError("venture.credit_code must be a string or null")
    period = _object(body["period"], "period", {"from", "to"})
    start = _text(period["from"], "period.from", MONTH)
    end = _text(period["to"], "period.to", MONTH)
    if start > end:
        raise PassportError("period.from is after period.to")
    verification = _text(body["verification"], "verification")
    if verification not in set(Level):
        raise PassportError(f"verification must be one of {', '.join(Level)}")
    issued_at = _parse_time(body["issued_at"], "issued_at")
    expires_at = _parse_time(body["expires_at"], "expires_at")
    if expires_at <= issued_at:
        raise PassportError("expires_at must be after issued_at")
    return Passport(
        passport_id=_text(body["passport_id"], "passport_id"),
        venture_id=venture_id,
        venture_name=_text(venture["name"], "venture.name"),
        credit_code=credit_code,
        period_from=start,
        period_to=end,
        currency=_text(body["currency"], "currency", CURRENCY),
        verification=Level(verification),
        kpis=_kpis(body["kpis"], start, end),
        sources=_sources(body["sources"]),
        issued_at=issued_at,
        expires_at=expires_at,
        key_id=signed_by,
    )


def _kpis(value: object, start: str, end: str) -> tuple[Mapping[str, KpiValue], ...]:
    if not isinstance(value, list) or not value:
        raise PassportError("kpis must be a non-empty list of months")
    rows: list[Mapping[str, KpiValue]] = []
    previous = ""
    for index, row in enumerate(value):
        path = f"kpis[{index}]"
        if not isinstance(row, dict):
            raise PassportError(f"{path} must be an object")
        month = _text(row.get("month"), f"{path}.month", MONTH)
        if not start <= month <= end or month <= previous:
            raise PassportError(f"{path}.month {month} is outside the period or out of order")
        previous = month
        for name, figure in row.items():
            if not KPI_NAME.match(name):
                raise PassportError(f"{path}: {name!r} is not a KPI name")
            if name != "month" and not _is_figure(figure):
                raise PassportError(f"{path}.{name} must be a decimal string, integer or null")
        rows.append(dict(row))
    return tuple(rows)


def _is_figure(value: object) -> bool:
    if isinstance(value, str):
        return DECIMAL.match(value) is not None
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _sources(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise PassportError("sources must be a list")
    sources = []
    for index, item in enumerate(value):
        source = _object(item, f"sources[{index}]", {"sha256", "name"})
        digest = _text(source["sha256"], f"sources[{index}].sha256", SHA256_HEX)
        sources.append((digest, _text(source["name"], f"sources[{index}].name")))
    return tuple(sources)


def _object(value: object, path: str, keys: set[str]) -> dict[str, object]:
    if not isinstance(value, dict) or set(value) != keys:
        raise PassportError(f"{path} must be an object with exactly {', '.join(sorted(keys))}")
    return value


def _text(value: object, path: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value or (pattern and not pattern.match(value)):
        raise PassportError(f"{path} is missing or not in the expected form")
    return value


def _parse_time(value: object, path: str) -> dt.datetime:
    text = _text(value, path)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise PassportError(f"{path} is not an ISO 8601 time") from error
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PassportError(f"{path} has no UTC offset")
    return moment


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """An unencrypted PKCS#8 PEM Ed25519 private key; PassportError otherwise."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise PassportError("not an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise PassportError("not an Ed25519 private key")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """A SubjectPublicKeyInfo PEM Ed25519 public key; PassportError otherwise."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise PassportError("not a PEM public key") from error
    if not isinstance(key, Ed25519PublicKey):
        raise PassportError("not an Ed25519 public key")
    return key


def public_key_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def private_key_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 16 hex characters of SHA-256 over the 32-byte raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]
