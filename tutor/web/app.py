"""The Gradio web app: one tab per user task; callbacks only call the engines' handlers."""

from __future__ import annotations

from typing import Any, Literal

import gradio as gr

from tutor.container import Container
from tutor.prompts import render
from tutor.web import learner as learners
from tutor.web import material, readiness
from tutor.web.auth import Authenticator
from tutor.web.fragen_tab import fragen_tab
from tutor.web.material_tab import material_tab
from tutor.web.progress_tab import build_progress_tab
from tutor.web.progress_trainer import build_progress_trainer_tab
from tutor.web.quiz_tab import build_quiz_tab
from tutor.web.readiness_tab import readiness_tab
from tutor.web.trainer_tab import build_trainer_tab

CSS = """
.gradio-container {max-width: 1100px !important; margin: auto;}
@media (max-width: 640px) {
  .gradio-container {padding: 4px !important;}
  /* all tabs stay visible on a phone: they wrap onto a second line (no "⋯" menu) */
  .tab-container button {padding: 0 var(--size-2) !important;}
  /* the six answer buttons in two rows of three instead of six full-width rows */
  #check-knoepfe {flex-wrap: wrap !important; gap: 6px !important;}
  #check-knoepfe > button {flex: 1 1 30% !important; min-width: 30% !important;}
}
#uebersicht details.dokument {border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 6px 10px; margin: 6px 0;}
#uebersicht summary {cursor: pointer;}
#uebersicht ol {margin: 6px 0 4px 1.4em;}
#uebersicht ul {margin: 0 0 4px 1.2em; font-size: 0.95em;}
""" + readiness.css()


def build_app(container: Container, auth: Authenticator | None = None) -> gr.Blocks:
    """All tabs of the tutor for one configuration; with a login, trainer tabs only for
    trainers."""
    with gr.Blocks(title=render("ui", "app.titel"), analytics_enabled=False) as demo:
        gr.Markdown(f"# {render('ui', 'app.titel')}\n{render('ui', 'app.untertitel')}")
        # Who is learning: a random id kept in the browser (or the login), only its
        # pseudonym is held server-side (see tutor.web.learner).
        browser = gr.BrowserState(
            None,
            storage_key=learners.STORAGE_KEY,
            secret=container.pseudonyms.browser_state_secret(),
        )
        learner = gr.State(None)
        with gr.Tabs(overflow_behavior="wrap"):
            fragen_tab(container, learner)
            build_quiz_tab(container, learner)
            readiness_tab(container, learner)
            build_progress_tab(container, learner, browser)
            trainer = build_trainer_tab(container, auth)
            material_page, overview = material_tab(container, auth)
            results = build_progress_trainer_tab(container, auth)
        if auth is not None and auth.notice:  # open access: the warning as the page footer
            gr.Markdown(auth.notice, elem_id="zugang-hinweis")
        if auth is not None and auth.requires_login:  # shared PCs: end this browser's session
            logout = render("zugang", "hinweis.abmelden")
            gr.Button(logout, link="logout?all_session=false", size="sm", elem_id="abmelden")

        def identify(browser_id: Any, request: gr.Request) -> tuple[str, str]:
            return learners.identify(container, browser_id, getattr(request, "username", None))

        demo.load(identify, browser, [browser, learner], api_visibility="private")
        demo.load(
            lambda: material.overview_html(container), None, overview, api_visibility="private"
        )

        def visibility(request: gr.Request) -> tuple[Any, Any, Any]:
            # Gradio 6 hides a tab button only with visible="hidden" (False keeps it shown).
            shown: bool | Literal["hidden"] = (
                True if auth is None or auth.is_trainer(request.username) else "hidden"
            )
            return gr.Tab(visible=shown), gr.Tab(visible=shown), gr.Tab(visible=shown)

        demo.load(visibility, None, [trainer, material_page, results], api_visibility="private")
    return demo
