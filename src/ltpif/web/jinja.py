"""The Jinja2 environment: our templates first, then the NHS design system's macros."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from markupsafe import Markup

from ltpif.app import present
from ltpif.app.dates import date_parts
from ltpif.app.tasklist import place_of
from ltpif.plans.access import Actor
from ltpif.plans.diff import show
from ltpif.plans.workflow import Role, Status


def _plain_number(value: float | str) -> str:
    """12.0 → '12', 0.75 → '0.75': numbers as a planner would type them."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _badge(icon: present.Icon) -> Markup:
    data = Markup(' data-{}="{}"').format(*icon.data) if icon.data else ""
    return Markup('<span class="{}" role="img" aria-label="{}" title="{}"{}>{}</span>').format(
        icon.css, icon.text, icon.title, data, icon.letter
    )


# A handful of distinct icons, drawn hundreds of times on the monitoring summary: a Python call
# per icon, its markup made once, instead of a Jinja macro call per icon (most of that page).
@cache
def variation_icon(code: str | None) -> Markup:
    return _badge(present.variation_icon(code))


@cache
def assurance_icon(code: str | None, what: str = "target") -> Markup:
    return _badge(present.assurance_icon(code, what))


def _current_round():
    """The round the header names; none on a page answering that the database is unusable
    (the error page must not fail on the very fault it reports)."""
    from django.db import DatabaseError

    from ltpif.web.organisations.rounds import current_round  # the apps are loaded by now

    try:
        return current_round()
    except DatabaseError:
        return None


def _chrome(env: Environment) -> Callable[..., Markup]:
    """`chrome(name, actor)`: the template `name` drawn for `actor` (the page's chrome: the
    header, the footer), the same markup every time for the same actor, so drawn once per
    process for each (a millisecond of every page's processor time, else). Drawn every time
    when templates are reloaded as they change (development)."""

    def draw(name: str, actor: Actor | None = None) -> Markup:
        return Markup(env.get_template(name).render(actor=actor))

    kept = draw if env.auto_reload else cache(draw)
    return lambda name, actor=None: kept(name, actor if isinstance(actor, Actor) else None)


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
        # a static file's address is the same for the process's life: made once per file
        static=cache(static),
        url=lambda name, *args, **kwargs: reverse(name, args=args, kwargs=kwargs),
        Status=Status,
        Role=Role,
        status_label=present.status_word,
        present=present,
        finding_place=place_of,
        show=show,
        variation_icon=variation_icon,
        chart_amount=present.chart_amount,
        assurance_icon=assurance_icon,
        current_round=_current_round,
        date_parts=date_parts,
        chrome=_chrome(env),
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
