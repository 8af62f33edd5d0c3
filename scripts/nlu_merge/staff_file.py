"""`data/nlu/<lang>/staff_reviewed.yml`: where merged examples go; how a refused merge is undone.

The examples get a file of their own, apart from the hand-written training data, so a reviewer
sees in `git diff` exactly what came from the console. A refused merge puts back the previous
contents *and* modification time: the Makefile retrains when a training file is newer than the
model, and a merge that changed nothing must not cost a retrain.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scripts.nlu_merge.export import Accepted, example_lines, example_text

FILE_NAME = "staff_reviewed.yml"
HEADER = (
    "# Examples collected by PES staff in the console, merged by `make merge-nlu`\n"
    "# (scripts/nlu_merge checks each one: add to this file with that command, not by hand).\n"
)


@dataclass(frozen=True)
class Backup:
    """The files a merge wrote, as they were before: (contents, mtime in ns), or None if new."""

    previous: dict[Path, tuple[bytes, int] | None]

    def restore(self) -> None:
        for path, before in self.previous.items():
            if before is None:
                path.unlink(missing_ok=True)
            else:
                content, mtime = before
                path.write_bytes(content)
                os.utime(path, ns=(mtime, mtime))


def staff_file(nlu_dir: Path, language: str) -> Path:
    return nlu_dir / language / FILE_NAME


def render(blocks: dict[str, list[str]]) -> str:
    """The file's text: the header, then one block per label, labels sorted."""
    lines = [HEADER + 'version: "3.1"', "nlu:"]
    for label in sorted(blocks):
        lines += [f"- intent: {label}", "  examples: |"]
        lines += [f"    - {text}" for text in blocks[label]]
    return "\n".join(lines) + "\n"


def merged(path: Path, new: list[Accepted]) -> str:
    """The file's examples with `new` appended to their label's block (a new block if none)."""
    blocks: defaultdict[str, list[str]] = defaultdict(list)
    if path.exists():
        for label, line in example_lines(path):
            text = example_text(line)
            if text:
                blocks[label].append(text)
    for example in new:
        blocks[example.label].append(example.text)
    return render(blocks)


def write_staff_reviewed(nlu_dir: Path, accepted: list[Accepted]) -> Backup:
    """Appends the accepted examples to their language's file; the backup undoes it."""
    by_language: defaultdict[str, list[Accepted]] = defaultdict(list)
    for example in accepted:
        by_language[example.language].append(example)
    paths = {language: staff_file(nlu_dir, language) for language in sorted(by_language)}
    backup = Backup(
        {
            path: (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None
            for path in paths.values()
        }
    )
    texts = {path: merged(path, by_language[language]) for language, path in paths.items()}
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except BaseException:
        backup.restore()
        raise
    return backup
