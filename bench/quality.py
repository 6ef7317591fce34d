"""Extraction quality on the test corpus: per section, figures extracted correctly against the
values written down by hand (tests/corpus/*.expected.json).

    .venv/bin/python bench/quality.py [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fiscal_kg.pipeline.quality import score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    score, reports = score_corpus(folder)
    print(f"{len(reports)} reports in {folder}\n")
    print(f"{'section':16} {'stated':>7} {'extracted':>10} {'correct':>8} {'precision':>10} "
          f"{'recall':>7}")
    sections = sorted(set(score.expected) | set(score.extracted))
    for section in [*sections, "all"]:
        if section == "all":
            stated, extracted, correct = (sum(c.values()) for c in (
                score.expected, score.extracted, score.correct))
        else:
            stated, extracted = score.expected[section], score.extracted[section]
            correct = score.correct[section]
        precision = correct / extracted if extracted else 1.0
        recall = correct / stated if stated else 1.0
        print(f"{section:16} {stated:7} {extracted:10} {correct:8} {precision:10.1%} {recall:7.1%}")
    for name, item in score.missed:
        print(f"missed  {name}: {item.section} {item.words} {item.value} {item.unit} {item.phase}")
    for name, figure in score.extra:
        print(f"extra   {name}: {figure.section.value} {figure.item} {figure.value} "
              f"{figure.unit.value} {figure.phase}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
