"""The second wall: every trainer handler checks the role itself, behind the server guard.

Each event of the trainer tabs (found the way the guard finds them) is called directly, as a
learner with a login and as an anonymous visitor in open access; each refuses in German and
does no trainer work. The only handlers without a role check are read-only refreshes of the
trainer tab's module list.
"""

from __future__ import annotations

import inspect
import json

import gradio as gr
import pytest

from tutor.web.access import OpenAccess
from tutor.web.app import build_app
from tutor.web.auth import Authenticator, add_user
from tutor.web.guard import TrainerFunctions

pytestmark = pytest.mark.integration
READ_ONLY = {"trainer-bereich"}  # module list of the trainer tab (course structure only)


def callers(tmp_path):
    logins = tmp_path / "logins.toml"
    add_user(logins, "ben", "lernende", "lernen-pass-1")
    return [(Authenticator(logins), "ben"), (OpenAccess("offen"), None)]


def request_parameter(fn) -> str | None:
    for name, parameter in inspect.signature(fn).parameters.items():
        if parameter.annotation in (gr.Request, "gr.Request"):
            return name
    return None


@pytest.mark.parametrize("caller", [0, 1], ids=["lernende", "offen"])
def test_every_trainer_handler_refuses_non_trainers(container, tmp_path, caller):
    auth, user = callers(tmp_path)[caller]
    demo = build_app(container, auth)
    functions = TrainerFunctions.of(demo)
    assert len(functions.ids) >= 12
    for fn_id in sorted(functions.ids):
        block_fn = demo.fns[fn_id]
        assert block_fn.fn is not None
        name = request_parameter(block_fn.fn)
        if name is None:
            outputs = {getattr(o, "elem_id", None) for o in block_fn.outputs}
            assert outputs <= READ_ONLY, (block_fn.api_name, outputs)
            continue
        result = block_fn.fn(*[None] * len(block_fn.inputs), **{name: gr.Request(username=user)})
        text = json.dumps(result, ensure_ascii=False, default=str)
        refused = "nur für trainer" in text.lower() or "nur trainer" in text.lower()
        empty_choices = isinstance(result, dict) and result.get("choices") == []
        assert refused or empty_choices, (block_fn.api_name, text[:300])
        assert "Fragensatz:" not in text  # no set was generated
