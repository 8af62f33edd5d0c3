"""`python -m actions.vacancies`: see actions/vacancies/cli.py."""

from actions.vacancies.cli import main

raise SystemExit(main())
