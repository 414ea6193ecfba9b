"""WSGI entry point for gunicorn: `gunicorn ltpif.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
application = get_wsgi_application()

from django.urls import reverse  # noqa: E402 (needs Django set up)

from ltpif.web.collection import between_requests  # noqa: E402

# Django fills its URL resolver's reverse lookup at the first reverse(), and a redirect to an
# address tries it as a view's name first: a worker's first redirect (a submission's, a
# sign-in's) took 13 ms more. Filled as the worker starts instead.
reverse("home")
between_requests()
