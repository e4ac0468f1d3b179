import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")
application = get_wsgi_application()

# WeasyPrint (and Pango) take seconds to import; do it when the web worker starts, not inside the
# first PDF request, whose render has a deadline (cooperation.base.pdf).
import weasyprint  # noqa: E402, F401
