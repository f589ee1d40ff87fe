"""Refusals of the merchant's look (会员端外观): a logo that is too large or not an image we serve."""

from __future__ import annotations

from core.errors import DomainError


class LogoTooLarge(DomainError):
    """The uploaded logo is over ``limit_kb`` KB (413)."""

    code = "logo_too_large"
    status = 413
    zh = "标志图片不能超过 {limit_kb} KB，请压缩后再上传"
    en = "The logo must be at most {limit_kb} KB: make it smaller and upload it again"


class UnsupportedImage(DomainError):
    """The uploaded file is not a PNG, JPEG or WebP image, whatever its name says (422)."""

    code = "unsupported_image"
    status = 422
    zh = "标志只能是 PNG、JPEG 或 WebP 图片"
    en = "The logo must be a PNG, JPEG or WebP image"
