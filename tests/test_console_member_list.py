"""The console's member list sorted as merchants look for their best customers: most spend (累计消费)
or most visits (到店次数) first, the choice kept while paging and filtering."""

import re

from console_helpers import sign_in
from test_members_api import make, set_figures


async def test_the_member_list_sorts_by_spend_and_keeps_the_sort_on_the_next_page(client, tenant):
    made = [(await make(client, tenant, phone=f"1390013{i:04d}", name=f"顾客{i}"))["id"] for i in range(22)]
    await set_figures(tenant, {member_id: (1_000 * ((n * 7) % 22), n) for n, member_id in enumerate(made)})
    await sign_in(client, tenant.slug, "owner")

    page = await client.get("/console/members", params={"sort": "spend"})
    assert page.status_code == 200
    assert '<option value="spend" selected>累计消费从高到低</option>' in page.text
    shown = [int(i) for i in re.findall(r'href="/console/members/(\d+)"', page.text)]
    spend = {member_id: 1_000 * ((n * 7) % 22) for n, member_id in enumerate(made)}
    assert shown == sorted(made, key=lambda i: (spend[i], i), reverse=True)[:20]
    following = re.search(r'href="(/console/members\?[^"]*)" data-page="next"', page.text).group(1)
    assert "sort=spend" in following
    rest = await client.get(following.replace("&amp;", "&"))
    assert [int(i) for i in re.findall(r'href="/console/members/(\d+)"', rest.text)] == \
        sorted(made, key=lambda i: (spend[i], i), reverse=True)[20:]
    # An unknown sort shows the newest first rather than an error.
    newest = await client.get("/console/members", params={"sort": "richest"})
    assert [int(i) for i in re.findall(r'href="/console/members/(\d+)"', newest.text)] == made[::-1][:20]
