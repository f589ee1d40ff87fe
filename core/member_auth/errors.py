"""Errors of member sign-in, in the members' words (zh-CN first)."""

from __future__ import annotations

from core.errors import DomainError


class TooManyCodeRequests(DomainError):
    code = "too_many_code_requests"
    status = 429
    zh = "验证码发送过于频繁，请 {retry_after_s} 秒后再试"
    en = "Too many codes requested; try again in {retry_after_s} seconds"


class InvalidSignInCode(DomainError):
    """One answer for a wrong, expired, used or burnt code: the caller learns nothing more."""

    code = "invalid_sign_in_code"
    status = 401
    zh = "验证码错误或已失效，请重新获取"
    en = "The code is wrong or no longer valid; request a new one"


class MembersOnly(DomainError):
    code = "members_only"
    status = 403
    zh = "该接口仅供会员登录后使用"
    en = "This route is for signed-in members only"


class StaffOnly(DomainError):
    code = "staff_only"
    status = 403
    zh = "会员账号不能使用商户接口"
    en = "A member's session cannot call staff routes"


class BirthdayAlreadySet(DomainError):
    """Birthday gifts and member-day prices follow the birthday: a member sets it once; staff correct it."""

    code = "birthday_already_set"
    status = 409
    zh = "生日只能设置一次，如需更正请联系门店"
    en = "A birthday can be set once; ask the store to correct it"
