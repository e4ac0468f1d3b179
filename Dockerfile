# The portal image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PORTAL_VAR_DIR=/var/lib/portal STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango; gettext compiles the catalogues; DejaVu is the PDF font; Voikko analyses Finnish for search.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core libvoikko1 voikko-fi \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# collectstatic in production mode: only then does it write the hashed names and the manifest that
# production's static storage reads (without it every HTML page answers 500). scripts/check-production
# runs these same steps in CI and serves pages and a PDF from the result.
RUN python manage.py compilemessages --ignore=.venv -v0 \
 && PORTAL_ENV=production SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
 && useradd --system --home /var/lib/portal portal && mkdir -p /var/lib/portal && chown portal /var/lib/portal

USER portal
EXPOSE 8000
CMD ["gunicorn", "cooperation.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
