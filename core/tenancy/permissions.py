"""Roles, permissions and store scope, checked in one place (``Context.require`` and the API guard).

A permission is a dotted name. Staff get the permissions of their role; an API key gets the
scopes chosen when it was created, which must be permissions from this list.

Staff may be limited to some stores (``store_ids``). Such a staff member never holds a brand
permission (``BRAND``: the merchant's profile, stores, API keys, plugins and campaigns, the
catalog, member deletion, import and export, the ledger, messages), whatever their role, and
acts on what belongs to a store only in their own stores (``Context.require(..., store_id=)``).
The full matrix, role × scope × action, is docs/permissions.md.
"""

from __future__ import annotations

PERMISSIONS: dict[str, tuple[str, str]] = {
    # name: (zh-CN, en)
    "tenant.manage": ("管理商户资料", "Manage the merchant's profile"),
    "stores.read": ("查看门店", "View stores"),
    "stores.manage": ("管理门店", "Manage stores"),
    "staff.read": ("查看员工", "View staff"),
    "staff.manage": ("管理员工与角色", "Manage staff and roles"),
    "apikeys.manage": ("管理 API 密钥", "Manage API keys"),
    "plugins.read": ("查看应用", "View plugins"),
    "plugins.manage": ("启用、停用和设置应用", "Enable, disable and configure plugins"),
    "members.read": ("查看会员", "View members"),
    "members.phone": ("查看完整手机号", "See full phone numbers"),
    "members.write": ("登记和编辑会员", "Register and edit members"),
    "members.delete": ("删除会员", "Delete members"),
    "members.import": ("导入会员", "Import members"),
    "members.export": ("导出会员", "Export members"),
    "members.code": ("扫描会员码", "Scan member codes"),
    "catalog.read": ("查看商品", "View the catalog"),
    "catalog.write": ("管理商品", "Manage the catalog"),
    "orders.read": ("查看订单", "View orders"),
    "orders.write": ("开单收银", "Open and take payment for orders"),
    "orders.refund": ("退款", "Refund orders"),
    "stored_value.topup": ("充值", "Top up stored value"),
    "stored_value.refund": ("储值退款", "Refund top-ups"),
    "ledger.read": ("查看账务", "View the ledger"),
    "reports.read": ("查看报表", "View reports"),
    "messages.read": ("查看短信发送记录与模板", "View sent messages and templates"),
    "messages.manage": ("重发短信、编辑短信模板", "Retry messages and edit templates"),
}

ALL = frozenset(PERMISSIONS)

BRAND = frozenset({
    "tenant.manage", "stores.manage", "apikeys.manage", "plugins.manage", "catalog.write",
    "members.delete", "members.import", "members.export", "ledger.read", "messages.read", "messages.manage",
})
"""Permissions over the whole brand: held only by staff not limited to stores (and API keys)."""

STORE = frozenset({
    "orders.read", "orders.write", "orders.refund", "stored_value.topup", "stored_value.refund", "reports.read",
    "staff.read", "staff.manage",
})
"""Permissions used on what belongs to a store: a store-limited actor uses them in its stores only."""

_CASHIER = frozenset({
    "stores.read", "plugins.read", "members.read", "members.write", "members.code",
    "catalog.read", "orders.read", "orders.write", "orders.refund", "stored_value.topup",
})  # a cashier refunds at the counter (退货); refunding stored value (stored_value.refund) is a manager's

ROLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "owner": ("店主", "Owner", ALL),
    "manager": ("店长", "Manager", ALL - {"tenant.manage", "apikeys.manage"}),
    "cashier": ("收银员", "Cashier", _CASHIER),
    "staff": ("员工", "Staff", frozenset({"stores.read", "members.read", "members.code", "catalog.read"})),
}


def role_permissions(role: str) -> frozenset[str]:
    return ROLES[role][2]


def staff_permissions(role: str, store_ids: frozenset[int] | None) -> frozenset[str]:
    """What a staff member holds: their role's permissions, less the brand ones when limited to stores."""
    permissions = role_permissions(role)
    return permissions if store_ids is None else permissions - BRAND


# --- how each API operation is scoped -------------------------------------------------------

SCOPES: dict[str, tuple[str, str]] = {
    "public": ("公开：无需登录", "Public: no sign-in"),
    "member": ("会员本人：会员登录后只见自己的数据", "The member: a signed-in member sees only their own"),
    "tenant": ("全品牌共享：有权限的员工在任何门店都可查看或使用（会员、商品、门店）",
               "Shared by the brand: staff with the permission use it in any store (members, catalog, stores)"),
    "store": ("门店：限定门店的员工只能在自己的门店操作", "Store: staff limited to stores act only in their own"),
    "brand": ("全品牌管理：只有不限门店的员工（店主、品牌经理）和 API 密钥", "Brand: only staff not limited to stores (owner, brand manager) and API keys"),
}


def route_scope(opt: dict) -> str | None:
    """An operation's scope from its route ``opt``: said outright (``"scope"``), or known from its
    audience or permission. ``None``: nobody classified it (the permission matrix test fails)."""
    if "scope" in opt:
        return opt["scope"]
    if opt.get("exclude_from_auth"):
        return "public"
    if opt.get("audience") == "member":
        return "member"
    permission = opt.get("permission")
    if permission in BRAND:
        return "brand"
    if permission in STORE:
        return "store"
    if permission in PERMISSIONS:
        return "tenant"
    return None
