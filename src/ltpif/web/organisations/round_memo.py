"""The current round, asked once per request: a page's header, its plans and its pack each
want it, and it changes only when a round is opened or made current (which clears it)."""

from __future__ import annotations

from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save

#: what this request has found out about the rounds; None outside a request (the CLI, the
#: background runners' threads), where nothing is kept
memo: ContextVar[dict | None] = ContextVar("ltpif_round_memo", default=None)


class CurrentRoundPerRequest:
    """Middleware: a fresh memo for each request, dropped after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = memo.set({})
        try:
            return self.get_response(request)
        finally:
            memo.reset(token)


def forget(**_) -> None:
    kept = memo.get()
    if kept is not None:
        kept.clear()


def connect(round_model) -> None:
    post_save.connect(forget, sender=round_model, dispatch_uid="ltpif-round-memo-save")
    post_delete.connect(forget, sender=round_model, dispatch_uid="ltpif-round-memo-delete")
