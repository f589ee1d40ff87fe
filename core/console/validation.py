"""msgspec's refusal of a console form in a merchant's words: the field named, what it needs,
zh-CN first, English beside it — not ``Expected `str` of length >= 8 - at `$.password```."""

from __future__ import annotations

import re
from collections.abc import Mapping

import msgspec

_TYPES = {"int": ("整数", "a whole number"), "float": ("数字", "a number"), "str": ("文字", "text"),
          "bool": ("是或否", "yes or no"), "array": ("列表", "a list"), "object": ("一组值", "a group of values")}

_AT = re.compile(r"^(?P<reason>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_LENGTH = re.compile(r"^Expected `(?P<type>\w+)` of length (?P<op>[<>]=?) (?P<n>\d+)$")
_BOUND = re.compile(r"^Expected `(?:int|float)` (?P<op>[<>]=?) (?P<n>-?[\d.]+)$")
_TYPE = re.compile(r"^Expected `(?P<want>\w+)`(?:, got `(?P<got>\w+)`)?$")
_MISSING = re.compile(r"^Object missing required field `(?P<field>\w+)`$")

_BOUNDS = {">=": ("不能小于 {n}", "at least {n}"), ">": ("须大于 {n}", "more than {n}"),
           "<=": ("不能大于 {n}", "at most {n}"), "<": ("须小于 {n}", "less than {n}")}


def _need(reason: str) -> tuple[str, str] | None:
    """What the field needs, (zh, en), for the refusals msgspec words in English; None for others."""
    if m := _LENGTH.match(reason):
        n, op, is_text = int(m["n"]), m["op"], m["type"] == "str"
        if op == ">=" and n == 1:
            return ("必填", "is required") if is_text else ("至少一项", "needs at least one")
        unit_zh, unit_en = ("个字", "characters") if is_text else ("项", "items")
        if op.startswith(">"):
            return f"至少 {n} {unit_zh}", f"needs at least {n} {unit_en}"
        return f"最多 {n} {unit_zh}", f"takes at most {n} {unit_en}"
    if m := _BOUND.match(reason):
        bound = m["n"].removesuffix(".0")
        zh, en = _BOUNDS[m["op"]]
        return zh.format(n=bound), en.format(n=bound)
    if m := _TYPE.match(reason):
        if m["got"] == "null":
            return "必填", "is required"
        zh, en = _TYPES.get(m["want"], (m["want"], m["want"]))
        return f"须为{zh}", f"must be {en}"
    if reason.startswith("Invalid enum value"):
        return "不是可选的值", "is not one of the choices"
    if reason.startswith("Expected `str` matching regex"):
        return "格式不对", "is not in the expected format"
    if reason.startswith("Invalid RFC3339 encoded"):
        return "日期时间格式不对", "is not a valid date or time"
    return None


def _field(path: str) -> tuple[str, int | None]:
    """The last field named in msgspec's path (``.items[0].stock`` → ``stock``, row 1)."""
    names = re.findall(r"\.(\w+)", path)
    rows = re.findall(r"\[(\d+)\]", path)
    return (names[-1] if names else ""), (int(rows[-1]) + 1 if rows else None)


def invalid_texts(exc: msgspec.ValidationError, labels: Mapping[str, str] | None = None,
                  placed: bool = False) -> tuple[str, str]:
    """The refusal in Chinese and in English: ``("「库存」不能小于 1", "stock: at least 1")``.

    ``labels`` names the Struct's fields in Chinese as the form shows them (``{"stock": "库存"}``);
    English names the field as the Struct does, and so does Chinese for a field without a label.
    ``placed``: the form shows the message beside its field, so the field is not named again.
    """
    found = _AT.match(str(exc))
    reason, path = (found["reason"], found["path"] or "") if found else (str(exc), "")
    if m := _MISSING.match(reason):
        path, reason = f"{path}.{m['field']}", "Expected `str`, got `null`"
    field, row = _field(path)
    if placed:
        field = ""
    label = (labels or {}).get(field, field)
    zh, en = _need(reason) or ("输入有误", "invalid value")
    where_zh = (f"第 {row} 行" if row else "") + (f"「{label}」" if label else "")
    where_en = " ".join(part for part in ((f"row {row}" if row else ""), field) if part)
    return where_zh + zh, (f"{where_en}: {en}" if where_en else en[0].upper() + en[1:])


def invalid_message(exc: msgspec.ValidationError, labels: Mapping[str, str] | None = None) -> str:
    """The refusal as one line for the form, zh-CN first: ``「库存」不能小于 1 / stock: at least 1``."""
    return " / ".join(invalid_texts(exc, labels))
