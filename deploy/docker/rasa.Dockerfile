# The Rasa server and the action server: one image, two commands (see deploy/kubernetes/ and
# deploy/docker-compose.yml). rasa 3.6 runs on Python 3.10 with the pins of constraints.txt.
# Build from the project root after `make train` (the model is baked in: a new model is a new
# image tag, rolled out as in README "When one machine is not enough"):
#   docker build -f deploy/docker/rasa.Dockerfile -t pes-rasa:$(git rev-parse --short HEAD) .
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    TF_CPP_MIN_LOG_LEVEL=3 \
    TQDM_DISABLE=1

WORKDIR /app
COPY pyproject.toml README.md constraints.txt alembic.ini ./
COPY common common
COPY rasa_plugins rasa_plugins
COPY actions actions
COPY nlu nlu
# Editable, so the code finds data/ and var/ beside it (common.settings.PROJECT_ROOT).
RUN pip install --no-cache-dir -c constraints.txt -e '.[rasa]' && pip check

COPY config.yml domain.yml endpoints.yml credentials.yml ./
# In a container the action server is another host: its URL comes from ACTION_ENDPOINT_URL.
RUN sed -i 's|^  url: "http://127.0.0.1:5055/webhook"$|  url: ${ACTION_ENDPOINT_URL}|' endpoints.yml \
    && grep -q 'url: ${ACTION_ENDPOINT_URL}' endpoints.yml
COPY data/content data/content
COPY data/vacancies data/vacancies
COPY models/pes.tar.gz models/pes.tar.gz
RUN useradd --uid 10001 --create-home pes && mkdir -p var/event-journal .rasa && chmod 700 var/event-journal && chown -R pes var .rasa
USER 10001

EXPOSE 5005 5055
# The Rasa server; the action server runs `rasa run actions --port 5055 --actions actions`.
CMD ["rasa", "run", "--enable-api", "--port", "5005", "--model", "models/pes.tar.gz", \
     "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
