"""The system lead's "Ask the partners to sign off" button on the plan's sign-offs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ltpif.plans.access import Action
from ltpif.web.planning.actions import NotAllowed
from ltpif.web.planning.models import Plan
from ltpif.web.signoffs.requests import request_sign_off
from ltpif.web.views.common import POST, plan_view
from ltpif.web.views.plan_edit import FormErrors, _on_engagement_tab


@plan_view(Action.EDIT_PLAN, POST)
def ask_partners(request: HttpRequest, plan: Plan) -> HttpResponse:
    def do() -> None:
        try:
            request_sign_off(plan=plan, note=request.POST.get("note", ""), by=request.user)
        except NotAllowed as exc:
            raise FormErrors([("note", str(exc))]) from None

    return _on_engagement_tab(request, plan, do, "The partners have been asked to sign off.")
