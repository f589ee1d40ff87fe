"""Members CSV for people: the console's export reads in a spreadsheet as a merchant expects
(Chinese header with English beside it, yuan, names instead of codes, one charset, a BOM), and an
import names every line it skipped and why, as it names the lines it refused."""

from __future__ import annotations

import csv
import io
import re

from checkout_helpers import make_item, open_order, pay
from console_helpers import sign_in
from levels_helpers import enable_levels
from test_console_pages import _import
from test_members_import_api import send

DUPLICATES = "phone,name\n13800138000,张三\n13900139000,李四\n13800138000,张三again\n"


async def test_the_console_export_is_for_people(client, tenant):
    await enable_levels(client, tenant)
    r = await client.post("/api/v1/members", headers=tenant.headers, json={
        "phone": "13800138000", "name": "张三", "gender": "male", "source_channel": "meituan"})
    member = r.json()
    rice = await make_item(client, tenant, "rice", 1_250)
    order = await open_order(client, tenant, [{"item_id": rice["id"]}], member_id=member["id"])
    await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 1_250}])
    await sign_in(client, tenant.slug, "owner")

    r = await client.get("/console/members/export.csv")

    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert list(rows[0])[:3] == ["会员编号 ID", "手机号 Phone", "姓名 Name"]
    [row] = rows
    assert (row["性别 Gender"], row["来源 Source"], row["等级 Level"]) == ("男", "美团", "普通")
    assert row["累计消费（元） Spend (¥)"] == "12.50"
    assert row["所属门店 Home store"] in ("", *[s["name"] for s in (await client.get(
        "/api/v1/stores", headers=tenant.headers)).json()["items"]])


async def test_the_api_export_keeps_one_charset(client, tenant):
    r = await client.get("/api/v1/members/export", headers=tenant.headers)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"


async def test_the_api_import_names_each_skipped_line(client, tenant):
    await send(client, tenant, "phone,name\n13900139000,李四\n")

    report = (await send(client, tenant, DUPLICATES)).json()

    assert (report["imported"], report["skipped_existing"]) == (1, 2)
    assert [(s["line"], s["why"], s["first_line"]) for s in report["skipped"]] == [
        (3, "existing", None), (4, "repeated", 2)]
    assert report["skipped"][0]["reason"] == "手机号 13900139000 已是会员，跳过"
    assert report["skipped"][1]["reason_en"] == "Phone 13800138000 repeats line 2: skipped"


async def test_the_openapi_document_describes_the_skipped_lines(client):
    spec = (await client.get("/schema/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    report = next(v for k, v in schemas.items() if k.endswith("ImportReport"))
    assert "skipped" in report["properties"]
    skip = next(v for k, v in schemas.items() if k.endswith("ImportSkip"))
    assert {"line", "why", "reason", "reason_en", "first_line"} <= set(skip["properties"])


async def test_the_console_import_report_names_each_skipped_line(client, tenant):
    await send(client, tenant, "phone,name\n13900139000,李四\n")
    await sign_in(client, tenant.slug, "owner")

    page = (await client.get(await _import(client, DUPLICATES.encode()))).text

    skipped = page.split('id="import-skipped"', 1)[1].split("</table>", 1)[0]
    assert re.search(r'data-line="3" data-why="existing"><td class="num">3</td><td>手机号 13900139000 已是会员，跳过<', skipped)
    assert re.search(r'data-line="4" data-why="repeated"><td class="num">4</td><td>手机号 13800138000 与第 2 行重复，跳过<', skipped)


async def test_a_rejected_line_says_what_is_wrong_in_words(client, tenant):
    report = (await send(client, tenant, f"phone,name\n13800138000,{'长' * 60}\n")).json()

    assert [(x["line"], x["reason"], x["reason_en"]) for x in report["rejected"]] == [
        (2, "「姓名」最多 50 个字", "name: takes at most 50 characters")]
