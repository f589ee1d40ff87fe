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


def daily_bars(points: list[tuple[dt.date, int]], title: str, date_label, money_label) -> Markup:
    """A bar per day (amounts in fen); ``date_label``/``money_label`` format for the page's locale."""
    chart = pygal.Bar(
        style=STYLE, show_legend=False, width=900, height=300, x_label_rotation=0, js=[],
        disable_xml_declaration=True, show_minor_x_labels=False, value_formatter=money_label,
        margin=8, explicit_size=False,
    )
    chart.title = title
    chart.x_labels = [date_label(day) for day, _ in points]
    chart.x_labels_major = [date_label(day) for i, (day, _) in enumerate(points) if i % 7 == len(points) % 7 - 1 or i == len(points) - 1]
    chart.add(title, [float(Decimal(fen) / 100) for _, fen in points])
    # pygal inlines its tooltip config as a <script>; the chart is static, so drop it.
    return Markup(_SCRIPT.sub("", chart.render(is_unicode=True)))


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
