"""Charts drawn as SVG on the server with pygal: no JavaScript, no files of other projects."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pygal
from markupsafe import Markup
from pygal.style import Style

STYLE = Style(
    background="transparent", plot_background="transparent", foreground="#1f2933",
    foreground_strong="#1f2933", foreground_subtle="#d9dee5", colors=("#c2410c",),
    font_family="system-ui, sans-serif", label_font_size=11, major_label_font_size=11,
)


def yuan_ticks(top_fen: int, steps: int = 4) -> list[int]:
    """The y-axis marks in whole yuan: 0 and about ``steps`` round steps (1, 2 or 5 × 10ⁿ) up to the
    largest day. A month without sales still has an axis of ¥0–¥1, not of ¥0.10 steps."""
    top = max(1, -(-top_fen // 100))  # whole yuan, rounded up
    raw = -(-top // steps)
    magnitude = 10 ** (len(str(raw)) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, -(-top // step) * step + 1, step))


def daily_bars(points: list[tuple[dt.date, int]], title: str, date_label, money_label) -> Markup:
    """A bar per day (amounts in fen); ``date_label``/``money_label`` format for the page's locale."""
    ticks = yuan_ticks(max((fen for _, fen in points), default=0))
    chart = pygal.Bar(
        style=STYLE, show_legend=False, width=900, height=300, x_label_rotation=0, js=[],
        disable_xml_declaration=True, show_minor_x_labels=False, value_formatter=money_label,
        margin=8, explicit_size=False, truncate_label=-1,  # "11/28", never "11…"
        y_labels=ticks, range=(0, ticks[-1]),
    )
    chart.title = title
    chart.x_labels = [date_label(day) for day, _ in points]
    chart.x_labels_major = [date_label(day) for i, (day, _) in enumerate(points) if i % 7 == len(points) % 7 - 1 or i == len(points) - 1]
    chart.add(title, [float(Decimal(fen) / 100) for _, fen in points])
    # pygal inlines its tooltip config as a <script>; the chart is static, so drop it.
    return Markup(_SCRIPT.sub("", chart.render(is_unicode=True)))


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
