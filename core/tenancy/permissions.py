"""Roles and permissions, checked in one place (``Context.require`` and the API guard).

A permission is a dotted name. Staff get the permissions of their role; an API key gets the
scopes chosen when it was created, which must be permissions from this list.
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
