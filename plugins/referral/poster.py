"""推广海报: an SVG poster with the share link as a QR code (segno), the store's name, the
promoter's name and code — printed as a flyer or saved to a phone and shared."""

from __future__ import annotations

from html import escape

import segno

WIDTH, HEIGHT = 600, 900


def poster_svg(store: str, promoter: str, code: str, link: str) -> str:
    qr = segno.make(link, error="m")
    scale = max(360 // qr.symbol_size(scale=1, border=2)[0], 1)
    side = qr.symbol_size(scale=scale, border=2)[0]
    inner = qr.svg_inline(scale=scale, border=2, dark="#1f2937", light="#ffffff")
    x = (WIDTH - side) // 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff7ed"/>'
        f'<text x="300" y="110" font-size="40" text-anchor="middle" fill="#9a3412" font-weight="bold">{escape(store)}</text>'
        f'<text x="300" y="170" font-size="26" text-anchor="middle" fill="#7c2d12">扫码注册，成为会员</text>'
        f'<text x="300" y="205" font-size="18" text-anchor="middle" fill="#7c2d12">Scan to join as a member</text>'
        f'<g transform="translate({x},250)">{inner}</g>'
        f'<text x="300" y="{270 + side + 40}" font-size="22" text-anchor="middle" fill="#374151">'
        f'推荐人 / Invited by {escape(promoter)}</text>'
        f'<text x="300" y="{270 + side + 80}" font-size="20" text-anchor="middle" fill="#6b7280" '
        f'font-family="monospace">{escape(code)}</text>'
        "</svg>"
    )
