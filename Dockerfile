# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=minsheng.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-noto-cjk fonts-arphic-ukai fonts-wqy-zenhei poppler-utils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN SECRET_KEY=build-only-$(date +%s)-collectstatic-placeholder-value-000000000000 python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 minsheng && mkdir -p /app/media && chown minsheng /app/media
USER minsheng
EXPOSE 8000
CMD ["gunicorn", "minsheng.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "--access-logfile", "-"]
