"""WSGI entry point for gunicorn: `gunicorn ltpif.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
application = get_wsgi_application()
