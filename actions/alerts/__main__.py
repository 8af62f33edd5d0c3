"""`python -m actions.alerts`: see actions/alerts/cli.py."""

from actions.alerts.cli import main

if __name__ == "__main__":  # the action server imports every module of `actions`, this one too
    raise SystemExit(main())
