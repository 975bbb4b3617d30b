"""Helpers of the network-access e2e tests: trainer functions as the public config shows
them, raw calls by fn_index, logins by HTTP, and the app log."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

TRAINER_TABS = {"trainer", "material", "auswertung"}
REFUSED_OPEN = "Im offenen Zugang ohne Anmeldung ist sie gesperrt"
EXPIRED = "Ihre Anmeldung ist abgelaufen"


def trainer_functions(url: str, cookies: Any = None) -> dict[int, str | None]:
    """fn_index → api_name of every event triggered inside a trainer tab, derived from the
    page config the browser gets (independent of how the server decides)."""
    config = httpx.get(url + "config", cookies=cookies, timeout=30).json()
    tabs = {
        c["id"]
        for c in config["components"]
        if c["type"] == "tabitem" and c["props"].get("id") in TRAINER_TABS
    }
    inside: set[int] = set()

    def walk(node: dict[str, Any], within: bool) -> None:
        here = within or node["id"] in tabs
        if here:
            inside.add(node["id"])
        for child in node.get("children", []):
            walk(child, here)

    walk(config["layout"], False)
    return {
        d["id"]: d.get("api_name")
        for d in config["dependencies"]
        if any(target[0] in inside for target in d["targets"])
    }


def join(url: str, fn_index: Any, cookies: Any = None) -> httpx.Response:
    """Put one call of ``fn_index`` into the queue the way the browser does (fresh session)."""
    body = {
        "data": [],
        "fn_index": fn_index,
        "session_hash": uuid.uuid4().hex[:11],
        "event_data": None,
        "trigger_id": None,
    }
    return httpx.post(url + "gradio_api/queue/join", json=body, cookies=cookies, timeout=30)


def login(url: str, user: str, password: str) -> httpx.Response:
    """POST the login form as gradio_client does."""
    return httpx.post(url + "login", data={"username": user, "password": password}, timeout=60)


def server_log(data: Path) -> str:
    """What the app wrote to its log so far."""
    return (data / "server.log").read_text(encoding="utf-8", errors="replace")
