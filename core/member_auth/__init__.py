"""Member sign-in (会员登录) by phone and SMS code, member sessions, and the member's own API (/me)."""
