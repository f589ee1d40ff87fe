"""Phone numbers of members: parsed with ``phonenumbers``, stored as E.164, masked for display.

"138 0013 8000", "13800138000" and "+86 138-0013-8000" are one number: +8613800138000.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from core.errors import InvalidPhone

DEFAULT_REGION = "CN"
# A member signs in with an SMS code: the number must be able to receive one. Some regions
# (the US, for one) cannot tell mobile from fixed line by the number alone.
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_NON_DIGITS = re.compile(r"\D")


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(phone=raw) from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhone(phone=raw)
    return number


def normalise_phone(raw: str) -> str:
    """Any common way of writing a mobile number → E.164; ``InvalidPhone`` if it is not one."""
    return phonenumbers.format_number(_parse(raw.strip()), PhoneNumberFormat.E164)


def digits_of(text: str) -> str:
    return _NON_DIGITS.sub("", text)


def _national(e164: str) -> tuple[int, str]:
    number = phonenumbers.parse(e164, None)
    if number.country_code is None:  # parse() sets it from the +prefix or raises NumberParseException
        raise phonenumbers.NumberParseException(phonenumbers.NumberParseException.INVALID_COUNTRY_CODE, e164)
    return number.country_code, phonenumbers.national_significant_number(number)


def display_phone(e164: str) -> str:
    """How a merchant writes the number: 13800138000 at home, +4479... for a foreign number."""
    country_code, national = _national(e164)
    return national if country_code == 86 else e164


def mask_phone(e164: str) -> str:
    """The number with its middle hidden (138****8000), for staff without ``members.phone``."""
    country_code, national = _national(e164)
    keep_head, keep_tail = (3, 4) if len(national) >= 9 else (2, 2)
    masked = national[:keep_head] + "*" * (len(national) - keep_head - keep_tail) + national[-keep_tail:]
    return masked if country_code == 86 else f"+{country_code} {masked}"
