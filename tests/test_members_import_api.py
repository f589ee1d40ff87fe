"""Members in and out as CSV over REST: import (UTF-8 or GBK, safe to re-run) and export."""

import csv
import io

from test_members_api import MEMBERS, is_problem, make, search

GOOD_AND_BAD = """phone,name,gender,birthday,tags,source_channel,note
13800138000,张三,男,1990-05-01,VIP;瑜伽,meituan,老客户
139 0013 9000,李四,女,,私教|VIP,,
12345,王五,,,,,
13700137000,赵六,不详,,,,
13600136000,钱七,,1990-02-30,,,
13500135000,"多行
备注的孙八",,,,,"第一行
第二行"
13800138000,张三重复,,,,,
"""


async def send(client, tenant, body: bytes | str, headers=None):
    data = body.encode() if isinstance(body, str) else body
    return await client.post(f"{MEMBERS}/import", content=data,
                             headers={**(headers or tenant.headers), "Content-Type": "text/csv"})


async def test_import_registers_good_rows_and_reports_bad_ones_by_line(client, tenant):
    r = await send(client, tenant, GOOD_AND_BAD)

    assert r.status_code == 200, r.text
    report = r.json()
    assert (report["imported"], report["skipped_existing"]) == (3, 1)
    assert [(x["line"], x["reason"]) for x in report["rejected"]] == [
        (4, "手机号无效：12345"), (5, "性别无效：不详（可填 男/女）"), (6, "生日无效：1990-02-30（格式 YYYY-MM-DD）"),
    ]
    assert report["rejected"][0]["reason_en"] == "Invalid phone number: 12345"
    zhang = (await search(client, tenant, phone="13800138000"))["items"][0]
    assert (zhang["name"], zhang["gender"], zhang["birthday"], zhang["tags"]) == ("张三", "male", "1990-05-01", ["VIP", "瑜伽"])
    assert zhang["source_channel"] == "meituan"
    notes = (await client.get(f"{MEMBERS}/{zhang['id']}/notes", headers=tenant.headers)).json()["items"]
    assert [n["body"] for n in notes] == ["老客户"]
    li = (await search(client, tenant, phone="13900139000"))["items"][0]
    assert (li["gender"], li["tags"]) == ("female", ["私教", "VIP"])
    assert (await search(client, tenant, phone="13500135000"))["items"][0]["name"] == "多行\n备注的孙八"


async def test_importing_the_same_file_again_imports_nothing_twice(client, tenant):
    await send(client, tenant, GOOD_AND_BAD)

    again = (await send(client, tenant, GOOD_AND_BAD)).json()

    assert (again["imported"], again["skipped_existing"], len(again["rejected"])) == (0, 4, 3)
    assert len((await search(client, tenant))["items"]) == 3


async def test_a_gbk_file_from_excel_imports(client, tenant):
    text = "手机号,姓名,性别,标签\r\n13800138000,张三,男,会员，常客\r\n"

    r = await send(client, tenant, text.encode("gb18030"))

    assert r.status_code == 200 and r.json()["imported"] == 1, r.text
    member = (await search(client, tenant))["items"][0]
    assert (member["name"], member["gender"], member["tags"]) == ("张三", "male", ["会员", "常客"])


async def test_a_row_with_only_a_phone_is_named_after_its_last_digits(client, tenant):
    r = await send(client, tenant, "\ufeffphone,,\n13800138000,,\n\n")

    assert r.json()["imported"] == 1
    assert (await search(client, tenant))["items"][0]["name"] == "会员8000"


async def test_unknown_columns_refuse_the_whole_file(client, tenant):
    r = await send(client, tenant, "phone,name,积分,level\n13800138000,张三,100,gold\n")

    assert is_problem(r, 422, "invalid_input")
    assert "积分" in r.json()["detail"] and "level" in r.json()["detail_en"]
    assert (await search(client, tenant))["items"] == []


async def test_a_file_without_a_phone_column_is_refused(client, tenant):
    for body in ("name,gender\n张三,男\n", "", "\xff\xfe\x00"):
        r = await send(client, tenant, body)
        assert is_problem(r, 422, "invalid_input"), (body, r.text)
    assert (await search(client, tenant))["items"] == []


async def test_a_plugin_refusing_registration_rejects_each_row(client, tenant):
    assert (await client.post("/api/v1/plugins/bouncer/enable", headers=tenant.headers)).status_code == 200

    report = (await send(client, tenant, "phone\n13800138000\n13900139000\n")).json()

    assert report["imported"] == 0
    assert [x["line"] for x in report["rejected"]] == [2, 3]
    assert report["rejected"][0]["reason"].startswith("本店暂停会员登记")


async def test_import_needs_the_import_permission(client, tenant):
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}

    assert is_problem(await send(client, tenant, "phone\n13800138000\n", headers=cashier), 403, "forbidden")
    assert (await search(client, tenant))["items"] == []


# --- export ---------------------------------------------------------------------------------


async def export(client, headers) -> list[dict[str, str]]:
    r = await client.get(f"{MEMBERS}/export", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


async def test_export_escapes_formula_cells_and_shows_whole_phones_to_the_owner(client, tenant):
    await make(client, tenant, name="=HYPERLINK(\"http://evil\")", tags=["@vip"], source_channel="-1+1")
    await make(client, tenant, phone="+447911123456", name="Tom")

    rows = await export(client, tenant.headers)

    assert [r["phone"] for r in rows] == ["13800138000", "'+447911123456"]
    first = rows[0]
    assert (first["name"], first["tags"], first["source_channel"]) == ("'=HYPERLINK(\"http://evil\")", "'@vip", "'-1+1")
    assert first["created_at"] == "2026-01-15 10:00:00"  # the tenant's time (Asia/Shanghai)


async def test_export_masks_phones_without_the_phone_permission(client, tenant):
    await make(client, tenant)
    key = await client.post("/api/v1/api-keys", headers=tenant.headers, json={"name": "BI", "scopes": ["members.export"]})
    headers = {"Authorization": f"Bearer {key.json()['key']}"}

    assert [r["phone"] for r in await export(client, headers)] == ["138****8000"]


async def test_exported_members_leave_out_the_deleted(client, tenant):
    gone = await make(client, tenant)
    await make(client, tenant, phone="13900139000", name="李四")
    await client.delete(f"{MEMBERS}/{gone['id']}", headers=tenant.headers)

    assert [r["name"] for r in await export(client, tenant.headers)] == ["李四"]
