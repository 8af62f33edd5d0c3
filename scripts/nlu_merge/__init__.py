"""Merge NLU examples PES staff collected in the console into training: `make merge-nlu FILE=…`.

The console exports the examples as Rasa NLU YAML (staff/nlu_store.py). Adding them by hand
risks three quiet harms: a label the domain does not know, a held-out or dev line slipping into
training (the quality gate would then measure memory, not understanding), and a change that makes
the assistant worse. The command checks every example (`export.py`), writes the accepted ones to
`data/nlu/<lang>/staff_reviewed.yml` (`staff_file.py`), validates the data, trains a candidate and
keeps it only if no held-out figure falls (`gate.py`, `merge.py`, `rasa_steps.py`).

    python -m scripts.nlu_merge EXPORT.yml [--tolerance 0.0]
"""
