"""Message templates (短信模板): defaults declared in code by the kernel and plugins, reworded per tenant.

A template names the params its text uses, in the order an SMS provider's approved template
takes them. A tenant may change the wording and the provider's template id, not the params.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Literal

from core.errors import InvalidInput

Category = Literal["verification", "notice", "marketing"]
MASK = "******"


@dataclass(frozen=True, slots=True)
class TemplateDefault:
    """A template as the kernel or a plugin declares it.

    ``category``: ``verification`` (sign-in codes: never capped), ``notice`` (about the member's
    own business: bookings, expiring points) or ``marketing`` (campaigns: capped per member per
    day). ``secret_params`` are shown masked to staff once a real provider sends them.
    """

    code: str
    text_zh: str
    params: tuple[str, ...]
    category: Category = "notice"
    secret_params: tuple[str, ...] = field(default=())
    title_zh: str = ""
    title_en: str = ""

    def __post_init__(self) -> None:
        check_text(self.text_zh, self.params)


TEMPLATES: dict[str, TemplateDefault] = {}


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # an unmatched brace
        raise InvalidInput(field="text_zh", zh=f"模板格式有误：{exc}", en=f"Malformed template: {exc}") from None


def check_text(text: str, params: tuple[str, ...]) -> None:
    unknown = sorted(placeholders(text) - set(params))
    if unknown:
        raise InvalidInput(field="text_zh", zh=f"模板使用了未知参数：{', '.join(unknown)}",
                           en=f"The template uses unknown params: {', '.join(unknown)}")


def register_template(template: TemplateDefault) -> TemplateDefault:
    """Declare a template (kernel or plugin); a code means one thing everywhere."""
    existing = TEMPLATES.get(template.code)
    if existing is not None and existing != template:
        raise ValueError(f"message template {template.code!r} is already registered differently")
    TEMPLATES[template.code] = template
    return template


def template_default(code: str) -> TemplateDefault:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise InvalidInput(field="template", zh=f"未知短信模板：{code}", en=f"Unknown message template: {code}") from None


def render(text: str, params: dict[str, str]) -> str:
    return text.format_map(params)


def masked(text: str, params: dict[str, str], secret: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The text and params with the secret params' values hidden."""
    params = dict(params)
    for name in secret:
        value = params.get(name)
        if value:
            text = text.replace(value, MASK)
            params[name] = MASK
    return text, params


MEMBER_AUTH_CODE = register_template(TemplateDefault(
    code="member_auth_code",
    text_zh="您的验证码为 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本短信。",
    params=("code", "minutes"),
    category="verification",
    secret_params=("code",),
    title_zh="会员登录验证码", title_en="Member sign-in code",
))

MEMBER_WELCOME = register_template(TemplateDefault(
    code="member_welcome",
    text_zh="欢迎成为{tenant}的会员！出示会员码即可享受会员权益。",
    params=("tenant",),
    category="notice",
    title_zh="新会员欢迎", title_en="Welcome a new member",
))
