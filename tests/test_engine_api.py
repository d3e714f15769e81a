"""calculator.api.handle: the browser worker's JSON protocol."""

from __future__ import annotations

import json

import calculator
from calculator.api import handle


def call(request) -> dict:
    reply = handle(request if isinstance(request, str) else json.dumps(request))
    assert isinstance(reply, str)
    return json.loads(reply)


def test_assess():
    data = {"policy": "hunan-2023", "activities": [{"kind": "training", "category": "professional", "days": 9}]}
    reply = call({"op": "assess", "input": data})
    assert reply == {"ok": True, "result": calculator.assess(data)}


def test_span():
    reply = call({"op": "span", "input": {"policy": "hunan-2023"}})
    assert reply["ok"] and reply["result"]["failed_years"] == [2018, 2019, 2020, 2021, 2022]


def test_describe_and_policies():
    reply = call({"op": "describe", "input": {"policy": "henan-luoyang-2023"}})
    assert reply == {"ok": True, "result": json.loads(json.dumps(calculator.describe("henan-luoyang-2023")))}
    reply = call({"op": "policies"})
    assert [p["id"] for p in reply["result"]] == calculator.policy_ids()


def test_input_error():
    reply = call({"op": "assess", "input": {"policy": "hunan-2023",
                                            "activities": [{"kind": "training", "category": "public", "days": -1}]}})
    assert reply == {"ok": False, "error": {"field": "activities[0].days", "problem": "-1 不是不小于 0 的整数",
                                            "message": "activities[0].days: -1 不是不小于 0 的整数"}}


def test_protocol_errors():
    assert call("{not json")["error"]["field"] == "request"
    assert call({"op": "delete"})["error"]["field"] == "op"
    assert call([1])["error"]["field"] == "op"
    assert call({"op": "assess"})["error"]["field"] == "input"
    assert call({"op": "describe", "input": {}})["error"]["field"] == "input.policy"
    assert call({"op": "describe", "input": {"policy": "nope"}})["error"]["field"] == "policy"


def test_replies_keep_chinese_readable():
    reply = handle(json.dumps({"op": "assess", "input": {"policy": "hunan-2023"}}))
    assert "总学时" in reply
