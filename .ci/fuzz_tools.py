"""Helpers of .ci/fuzz: seed the second tenant and sign the demo owner in; sum up schemathesis' events.

    fuzz_tools.py seed BASE_URL DEMO_JSON OTHER_TENANT OTHER_OWNER PASSWORD   prints the demo owner's token,
                                                                              then a demo member's
    fuzz_tools.py summary DATABASE EVENTS.ndjson...                           exit 1 on any server error
"""

from __future__ import annotations

import json
import sys

import httpx


def sign_in(client: httpx.Client, tenant: str, username: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/sessions", json={"tenant": tenant, "username": username, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['token']}"}


def seed(base_url: str, demo_json: str, other_tenant: str, other_owner: str, password: str) -> None:
    """Rows in the second tenant, so ids the fuzzer tries may belong to someone else."""
    demo = json.load(open(demo_json))
    owner = next(s for s in demo["staff"] if s["role"] == "owner")
    with httpx.Client(base_url=base_url, timeout=30) as client:
        other = sign_in(client, other_tenant, other_owner, password)
        for n in range(3):
            client.post("/api/v1/members", headers=other, json={"phone": f"1390000000{n}", "name": f"别家会员{n}"}).raise_for_status()
            client.post("/api/v1/items", headers=other,
                        json={"sku": f"OTHER-{n}", "name": f"别家商品{n}", "kind": "goods", "price_fen": 100 + n}).raise_for_status()
        headers = sign_in(client, demo["tenant"], owner["username"], owner["password"])
        member = member_sign_in(client, demo["tenant"], headers)
    print(headers["Authorization"].removeprefix("Bearer "))
    print(member)


def member_sign_in(client: httpx.Client, tenant: str, owner: dict[str, str], phone: str = "13900001234") -> str:
    """A member's token, signed in as on the H5 pages: the code read from the outbox, as the desk would."""
    client.post("/api/v1/member-auth/codes", json={"tenant": tenant, "phone": phone}).raise_for_status()
    messages = client.get("/api/v1/messages", headers=owner, params={"limit": 200}).json()["items"]
    code = next(m["params"]["code"] for m in messages
                if m["template"] == "member_auth_code" and m["recipient"].endswith(phone))
    r = client.post("/api/v1/member-auth/sessions", json={"tenant": tenant, "phone": phone, "code": code})
    r.raise_for_status()
    return r.json()["token"]


def summary(database: str, *events_paths: str) -> int:
    operations = 0
    cases = 0
    server_errors: list[str] = []
    violations: list[str] = []  # answers the OpenAPI document does not describe
    errors: list[str] = []
    unauthenticated = 0  # many would mean the fuzzer lost its session and tested little
    for events_path in events_paths:
        with open(events_path) as events:
            lines = events.readlines()
        for line in lines:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:  # the last line of a run stopped at its time limit
                continue
            if "LoadingFinished" in event:
                operations += event["LoadingFinished"]["statistic"]["operations"]["selected"]
            if "NonFatalError" in event:
                errors.append(event["NonFatalError"].get("label", "?"))
            finished = event.get("ScenarioFinished")
            if not finished or "recorder" not in finished:
                continue
            recorder = finished["recorder"]
            cases += len(recorder.get("interactions", {}))
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    if check.get("status") == "failure" and check["name"] != "not_a_server_error":
                        violations.append(f"{failure.get('operation', '?')}: {failure.get('title', check['name'])} "
                                          f"({failure.get('message', '').replace(chr(10), '; ')})")
            for case_id, interaction in recorder.get("interactions", {}).items():
                response = interaction.get("response") or {}
                unauthenticated += response.get("status_code") == 401
                if response.get("status_code", 0) >= 500:
                    server_errors.append(f"{interaction['request']['method']} {interaction['request']['uri']} → "
                                         f"{response['status_code']} (case {case_id})")
    violations = sorted(set(violations))
    print(f"== fuzz on {database}: {operations} operations, {cases} cases run, "
          f"{len(server_errors)} server errors, {len(violations)} schema violations ({unauthenticated} cases answered 401)"
          + (f", {len(errors)} schemathesis errors ({', '.join(errors)})" if errors else ""))
    for line in server_errors[:50]:
        print("   5xx:", line)
    for line in violations[:50]:
        print("   not as documented:", line)
    return 1 if server_errors or violations or cases == 0 else 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        seed(*args)
    elif command == "summary":
        sys.exit(summary(*args))
    else:
        sys.exit(f"unknown command {command}")
