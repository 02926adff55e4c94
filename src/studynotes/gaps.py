"""Question numbers that are absent on purpose (``src/studynotes/data/known-gaps.yml``).

Notes arrive out of order, so a gap in the numbering is never an error. The gaps declared here,
each with its reason, are listed on the questions index (``問題 63: 元ノートにない``), so that a reader
knows the question is not missing by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import frontmatter
from .errors import Problem

KNOWN_GAPS_FILE = Path(__file__).with_name("data") / "known-gaps.yml"
KNOWN_GAPS_PATH = "src/studynotes/data/known-gaps.yml"  # as problems name it (relative to the repository)


@dataclass(frozen=True)
class KnownGaps:
    """Question numbers deliberately absent: number → reason (and the line declaring it)."""

    reasons: Mapping[int, str]
    lines: Mapping[int, int] = field(default_factory=dict)
    path: str = KNOWN_GAPS_PATH


def parse_known_gaps(text: str, path: str = KNOWN_GAPS_PATH) -> tuple[KnownGaps, list[Problem]]:
    """``number: reason`` lines; problems for anything else."""
    expected_en = "expected lines 'number: reason', e.g. '63: not in the raw notes'"
    expected_ja = "'番号: 理由' の行で書いてください（例: '63: 元ノートにない'）"
    try:
        node = yaml.compose(text, Loader=frontmatter.LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        return KnownGaps({}, path=path), [Problem(path, mark.line + 1 if mark else 1, f"not valid YAML: {expected_en}",
                                                 f"YAML が不正です: {expected_ja}")]
    if node is None:
        return KnownGaps({}, path=path), []
    if not isinstance(node, yaml.MappingNode):
        return KnownGaps({}, path=path), [Problem(path, node.start_mark.line + 1, f"not a mapping: {expected_en}",
                                                 f"マッピングではありません: {expected_ja}")]
    reasons, lines, problems = {}, {}, []
    for key, value in node.value:
        line = key.start_mark.line + 1
        number = int(key.value) if key.tag.endswith(":int") and key.value.isdigit() else 0
        reason = value.value if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str") else ""
        if number < 1 or not reason.strip():
            problems.append(Problem(path, line,
                                    f"'{key.value}: …' is not a question number with a reason: {expected_en}",
                                    f"'{key.value}: …' は問題番号と理由の組ではありません: {expected_ja}"))
            continue
        reasons[number], lines[number] = reason.strip(), line
    return KnownGaps(reasons, lines, path), problems


def read_known_gaps(file: Path = KNOWN_GAPS_FILE) -> tuple[KnownGaps, list[Problem]]:
    if not file.exists():
        return KnownGaps({}), []
    return parse_known_gaps(file.read_text(encoding="utf-8"))
