#!/usr/bin/env bash
# Printed by `make run` before the services start.
port=${GATEWAY_PORT:-8080}
cat <<MSG

  PES assistant is starting:
    Gateway        http://localhost:${port}   (web chat, Telegram webhook, /healthz, /readyz, /metrics)
    Rasa server    http://localhost:${RASA_PORT:-5005}  (REST channel: POST /webhooks/rest/webhook)
    Action server  http://localhost:${ACTIONS_PORT:-5055}

  Chat in the browser once "Rasa server is up and running" appears:
    http://localhost:${port}/          (demo PES page with the chat widget; ?lang=ru for Russian)
  or in the terminal: make shell
  Ctrl-C stops everything.

MSG
