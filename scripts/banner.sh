#!/usr/bin/env bash
# Printed by `make run` before the services start.
cat <<MSG

  PES assistant is starting:
    Rasa server    http://localhost:${RASA_PORT:-5005}  (REST channel: POST /webhooks/rest/webhook)
    Action server  http://localhost:${ACTIONS_PORT:-5055}

  Chat once "Rasa server is up and running" appears:
    curl -s localhost:${RASA_PORT:-5005}/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' -d '{"sender": "me", "message": "привет"}'
  or in the terminal: make shell
  Ctrl-C stops everything.

MSG
