"""The Jinja2 environment: our templates first, then the NHS design system's macros."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from ltpif.app import present
from ltpif.plans.diff import show
from ltpif.plans.workflow import Role, Status


def _plain_number(value: float | str) -> str:
    """12.0 → '12', 0.75 → '0.75': numbers as a planner would type them."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def environment(**options) -> Environment:
    options.pop("loader", None)
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(settings.WEB_DIR / "templates")),
                PackageLoader("nhsuk_frontend_jinja", "templates"),
            ]
        ),
        # the NHS macros test optional parameters by reading them: missing must be falsy
        undefined=ChainableUndefined,
        **{k: v for k, v in options.items() if k != "undefined"},
    )
    env.globals.update(
        static=static,
        url=lambda name, *args, **kwargs: reverse(name, args=args, kwargs=kwargs),
        Status=Status,
        Role=Role,
        status_label=present.status_word,
        present=present,
        show=show,
    )
    env.globals["get_messages"] = get_messages
    env.filters.update(
        money=present.money,
        percent=present.percent,
        plain_number=_plain_number,
        date=present.date,
        error_link=lambda error: {"text": error[1], "href": f"#{error[0]}"},
    )
    return env
