"""What a server's worker does as it starts, so that no visitor's request pays for it.

- Django fills its URL resolver's reverse lookup at the first reverse(), and a redirect to an
  address tries it as a view's name first: a worker's first redirect (a submission's, a
  sign-in's) took 13 ms more.
- Jinja compiles a template at its first use in each process: a worker's first visit to a
  page (a submission's confirmation, 5 to 15 ms) compiled it and the NHS components' macros
  it imports. All of them (~190) take ~1 s, once per worker.
"""

from __future__ import annotations

from django.template import engines
from django.urls import reverse


def warm_start() -> None:
    reverse("home")
    env = engines["jinja2"].env
    for name in env.list_templates():
        env.get_template(name)
