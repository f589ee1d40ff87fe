"""A plugin's settings as an HTML form, generated from its msgspec Struct with ``msgspec.inspect``.

Each field is named by its ``setting_label(...)`` (Chinese, English beside it) and becomes an input that fits its type (number with its bounds, text with its length,
a checkbox, a select for a ``Literal``, comma-separated text for a list of strings, JSON for
anything else). Posted values are turned back into Python values by the same description, so
the plugin's own Struct does the validating.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec
import msgspec.inspect as mi


def setting_label(zh: str, en: str, choices: Mapping[Any, tuple[str, str]] | None = None) -> msgspec.Meta:
    """A settings field's name as the form shows it, for ``Annotated[..., setting_label("注册送积分", "Points on joining")]``.

    ``choices`` names each value of a ``Literal`` field (``{"spend": ("累计消费", "Spend")}``), so the
    form never shows a merchant a code.
    """
    extra: dict[str, Any] = {"title_en": en}
    if choices:
        extra["choices"] = {str(value): names for value, names in choices.items()}
    return msgspec.Meta(title=zh, extra=extra)


@dataclass(frozen=True, slots=True)
class SettingsField:
    name: str
    widget: str  # number, text, checkbox, select, multi (checkboxes for a list of choices), list, json
    required: bool
    attrs: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Any, ...] = ()
    help: str = ""
    label: str = ""  # Chinese; the field's name when the plugin gave none
    label_en: str = ""
    choice_labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def choice_label(self, value: Any, locale: str) -> str:
        zh, en = self.choice_labels.get(str(value), (str(value), str(value)))
        return zh if locale == "zh_CN" else en


def _unwrap(t: mi.Type) -> tuple[mi.Type, bool]:
    """Strip ``| None`` (optional) and the ``label(...)`` metadata from a field's type."""
    if isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.UnionType):
        others = [x for x in t.types if not isinstance(x, mi.NoneType)]
        if len(others) == 1:
            return _unwrap(others[0])[0], True
    return t, False


def _describe(f: mi.Field) -> SettingsField:
    meta = f.type if isinstance(f.type, mi.Metadata) else None
    title = (meta.extra_json_schema or {}).get("title") if meta else None
    extra = (meta.extra or {}) if meta else {}
    described = replace(_describe_input(f), label=title or f.name, label_en=extra.get("title_en") or f.name,
                        choice_labels=dict(extra.get("choices") or {}))
    if described.widget == "list" and described.choice_labels:  # named values: tick them, never type codes
        described = replace(described, widget="multi", choices=tuple(described.choice_labels), help="")
    return described


def _describe_input(f: mi.Field) -> SettingsField:
    t, optional = _unwrap(f.type)
    required = f.required
    if isinstance(t, mi.BoolType):
        return SettingsField(f.name, "checkbox", False)
    if isinstance(t, mi.IntType | mi.FloatType):
        attrs = {"min": t.ge if t.ge is not None else t.gt, "max": t.le if t.le is not None else t.lt,
                 "step": "1" if isinstance(t, mi.IntType) else "any"}
        return SettingsField(f.name, "number", required and not optional, {k: v for k, v in attrs.items() if v is not None})
    if isinstance(t, mi.StrType):
        attrs = {"minlength": t.min_length, "maxlength": t.max_length, "pattern": t.pattern}
        return SettingsField(f.name, "text", required and not optional, {k: v for k, v in attrs.items() if v is not None})
    if isinstance(t, mi.LiteralType):
        return SettingsField(f.name, "select", True, choices=tuple(t.values))
    if isinstance(t, mi.ListType | mi.SetType | mi.FrozenSetType) and isinstance(_unwrap(t.item_type)[0], mi.StrType | mi.IntType):
        return SettingsField(f.name, "list", False, help="a, b, c")
    if isinstance(t, mi.ListType) and isinstance(item := _unwrap(t.item_type)[0], mi.LiteralType):
        return SettingsField(f.name, "multi", False, choices=tuple(item.values))
    return SettingsField(f.name, "json", required, help="JSON")


def describe(settings: type[msgspec.Struct]) -> list[SettingsField]:
    info = mi.type_info(settings)
    assert isinstance(info, mi.StructType)
    return [_describe(f) for f in info.fields]


def display_values(fields: list[SettingsField], values: dict[str, Any]) -> dict[str, Any]:
    """Current settings as the form shows them (lists comma-separated, other objects as JSON)."""
    shown: dict[str, Any] = {}
    for f in fields:
        value = values.get(f.name)
        if f.widget == "list":
            shown[f.name] = ", ".join(map(str, value or []))
        elif f.widget == "json":
            shown[f.name] = json.dumps(value, ensure_ascii=False)
        else:
            shown[f.name] = value
    return shown


def parse(fields: list[SettingsField], form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Posted strings → settings data, and the fields whose text cannot even be read (bad JSON)."""
    data: dict[str, Any] = {}
    unreadable: dict[str, str] = {}
    for f in fields:
        raw = form.get(f.name)
        if f.widget == "checkbox":
            data[f.name] = raw is not None
            continue
        if f.widget == "multi":
            data[f.name] = [] if raw is None else raw if isinstance(raw, list) else [raw]
            continue
        text = "" if raw is None else str(raw).strip()
        if f.widget == "list":
            data[f.name] = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        elif f.widget == "json":
            try:
                data[f.name] = json.loads(text) if text else None
            except ValueError:
                unreadable[f.name] = "JSON"
        elif f.widget == "select" and f.choices and not isinstance(f.choices[0], str):
            data[f.name] = msgspec.json.decode(text) if text else None
        elif text == "" and not f.required:
            continue  # left empty: the default applies
        else:
            data[f.name] = text
    return data, unreadable
