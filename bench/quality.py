"""Extraction quality of a corpus of reports against the facts written down by hand beside them.

    .venv/bin/python bench/quality.py [FOLDER] [--details] [--json FILE]

FOLDER (default tests/corpus) holds reports and a <name>.expected.json for each, and may hold a
build manifest, manifest.csv (what the build's --manifest reads), for what a report's text does
not say: a report whose identity it gives is counted as given, not identified. Every report
goes through extraction, mapping and SHACL validation (`fiscal_kg.evaluation`). Prints one
line per report (identified, figure precision and recall, internal units, glossary terms,
false alarms, real discrepancies flagged), the totals the README's first-contact table keeps,
and per section the figures stated, extracted and correct (value, section and item), and
those right by value and section alone, whatever their item is called; --details lists every figure
missed or read wrongly and every false alarm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fiscal_kg.evaluation import Evaluation, evaluate_corpus, summary, to_json
from fiscal_kg.pipeline.quality import Score

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def report_line(e: Evaluation) -> str:
    correct, extracted, stated = (sum(c.values()) for c in (e.score.correct, e.score.extracted,
                                                            e.score.expected))
    if e.error:
        identified = "REFUSED"
    elif e.given:
        identified = "given by manifest.csv"
    elif e.identified:
        identified = "yes"
    else:
        identified = "no: " + " ".join(str(part) for part in e.identity)
    real = f"{e.real_flagged()}/{e.real_discrepancies()}" if e.real_discrepancies() else "-"
    return (f"{e.name[:44]:44} {identified[:28]:28} {_percent(correct, extracted):>9} "
            f"{_percent(correct, stated):>7} {e.units_found():>3}/{len(e.expected_units):<3} "
            f"{e.glossary_found():>3}/{len(e.expected_glossary):<3} {len(e.false_alarms()):>5} "
            f"{real:>5}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--json", type=Path, help="write the per-report scores here")
    args = parser.parse_args()
    evaluations = evaluate_corpus(args.folder)
    print(f"{len(evaluations)} reports in {args.folder}\n")
    print(f"{'report':44} {'identified':28} {'precision':>9} {'recall':>7} {'units':>7} "
          f"{'glossary':>7} {'false':>5} {'real':>5}")
    for evaluation in evaluations:
        print(report_line(evaluation))
    totals = summary(evaluations)
    print()
    for key, value in totals.items():
        shown = f"{value:.1%}" if isinstance(value, float) else \
            (f"{value[0]}/{value[1]}" if isinstance(value, tuple) else str(value))
        print(f"{key:30} {shown}")
    total = Score()
    for evaluation in evaluations:
        total.add(evaluation.score)
    print(f"\n{'section':16} {'stated':>7} {'extracted':>10} {'correct':>8} {'precision':>10} "
          f"{'recall':>7} {'by value':>9} {'recall':>7}")
    for section in [*sorted(set(total.expected) | set(total.extracted)), "all"]:
        if section == "all":
            stated, extracted, correct, valued = (sum(c.values()) for c in (
                total.expected, total.extracted, total.correct, total.valued))
        else:
            stated, extracted = total.expected[section], total.extracted[section]
            correct, valued = total.correct[section], total.valued[section]
        print(f"{section:16} {stated:7} {extracted:10} {correct:8} "
              f"{_percent(correct, extracted):>10} {_percent(correct, stated):>7} "
              f"{valued:9} {_percent(valued, stated):>7}")
    if args.details:
        for evaluation in evaluations:
            if evaluation.error:
                print(f"refused {evaluation.name}: {evaluation.error}")
            for check, stated, computed in evaluation.false_alarms():
                print(f"alarm   {evaluation.name}: {check} stated {stated} computed {computed}")
            missing = sorted(set(evaluation.expected_units) - set(evaluation.units))
            if missing:
                print(f"units   {evaluation.name}: missed {'、'.join(missing)}")
            extra_units = sorted(set(evaluation.units) - set(evaluation.expected_units))
            if extra_units:
                print(f"units   {evaluation.name}: not units {'、'.join(extra_units)}")
            lost = sorted(set(evaluation.expected_glossary) - set(evaluation.glossary))
            if lost:
                print(f"glossary {evaluation.name}: missed {'、'.join(lost)}")
        for name, item in total.missed:
            print(f"missed  {name}: {item.section} {item.words} {item.value} {item.unit} "
                  f"{item.phase} {item.role or ''}")
        for name, figure in total.extra:
            print(f"extra   {name}: {figure.section.value} {figure.item} {figure.value} "
                  f"{figure.unit.value} {figure.phase} {figure.role.value}")
    if args.json:
        args.json.write_text(to_json(evaluations) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
