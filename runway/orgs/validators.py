from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from runway.engine import credit_code
from runway.engine.credit_code import Problem


def validate_credit_code(value: str) -> None:
    """Refuses a Unified Social Credit Code, saying which character is wrong or expected."""
    if not value:
        return
    error = credit_code.validate(value)
    if error is None:
        return
    if error.problem is Problem.LENGTH:
        message = _("A Unified Social Credit Code has 18 characters; this one has %(found)s.") % {
            "found": error.found
        }
    elif error.problem is Problem.CHARACTER:
        message = _(
            "Character %(position)s, “%(found)s”, is not allowed: the code uses digits and capital "
            "letters except I, O, S, V and Z."
        ) % {"position": error.position, "found": error.found}
    elif error.problem is Problem.DIVISION:
        message = _(
            "Character %(position)s, “%(found)s”, should be a digit: characters 3 to 8 are the "
            "administrative division code."
        ) % {"position": error.position, "found": error.found}
    else:
        message = _(
            "The check character (18th) is “%(found)s” but should be “%(expected)s”: "
            "please check the code for a typing error."
        ) % {"found": error.found, "expected": error.expected}
    raise ValidationError(message, code=f"credit_code_{error.problem}")
