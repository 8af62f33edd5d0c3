"""Job alerts: subscriptions made in the chat, matched against newly imported vacancies, and a
daily digest per person queued in the outbox (`common.storage.outbox`) for the gateway to send.

Modules: `config` (alerts.yml: how often, quiet hours, how many cards, retention), `schedule`
(when a person's next digest may go), `subscriptions` (a search as a subscription, with the
classification's and gazetteer's keys), `matching` (new vacancies against subscriptions, the
search's normalisation), `digest` (the messages), `run` (one matching run), `cli`
(`python -m actions.alerts`). The chat side is `actions/alert_actions.py`. See docs/alerts.md.
"""
