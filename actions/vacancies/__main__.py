"""`python -m actions.vacancies`: see actions/vacancies/cli.py."""

from actions.vacancies.cli import main

if __name__ == "__main__":  # the action server imports every module of `actions`, this one too
    raise SystemExit(main())
