# The gateway (web chat, Telegram, staff console, /healthz, /readyz, /metrics) and the operator
# CLI, including the one-shot migration `python -m bot db upgrade`. No rasa: its own pins
# (constraints-gateway.txt). Build from the project root:
#   docker build -f deploy/docker/gateway.Dockerfile -t pes-gateway:$(git rev-parse --short HEAD) .
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1

WORKDIR /app
COPY pyproject.toml README.md constraints-gateway.txt alembic.ini ./
COPY common common
COPY relay relay
COPY channels channels
COPY handoff handoff
COPY staff staff
COPY bot bot
# Editable, so the code finds data/ and domain/ beside it (common.settings.PROJECT_ROOT).
RUN pip install --no-cache-dir -c constraints-gateway.txt -e '.[gateway]' && pip check

COPY data/content data/content
COPY domain domain
RUN useradd --uid 10001 --create-home pes && mkdir -p var && chown pes var
USER 10001

EXPOSE 8080
CMD ["python", "-m", "bot", "serve"]
