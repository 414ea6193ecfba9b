"""WSGI entry point for gunicorn: `gunicorn ltpif.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
application = get_wsgi_application()

from ltpif.web.collection import between_requests  # noqa: E402 (needs Django set up)
from ltpif.web.warm_start import warm_start  # noqa: E402

warm_start()
between_requests()
