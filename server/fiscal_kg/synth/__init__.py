"""Synthetic final-accounts reports (部门决算公开) for benchmarks, with the figures they state.

`generate(n, seed)` writes N reports of agencies across the gazetteer's regions (provinces,
Hubei's prefectures and counties) and kinds (财政, 教育, 卫生健康, 交通运输, 审计, 人民政府办公厅/室,
公安, 农业农村, 民政, 水利, 统计, and public institutions without 机关运行经费: 图书馆,
疾病预防控制中心), each agency in several years between 2015 and 2024. Every number is drawn from
one series per agency, so a report's arithmetic holds in its printed precision (totals are the
sums of their parts, shares and changes against the year before match), and the same agency's
reports agree with each other. A small, deterministic fraction of the reports states one total
that does not equal its parts, as real reports do; the expected data says which.

Layouts vary the way the template allows and the extractor reads: heading numbering (一、 （一）
(一) 1、 1. 1． （1） ① 第一部分), the order and presence of sections, statements of none, prose or
flattened tables (pipe rows, whitespace-aligned columns, one item per line; budget, actual and
prior-year columns), 万元 or 元 with or without thousands separators, full-width digits, blank
lines and indentation, saved web pages and GB18030 files.

Each report comes with the figures it states, in the format of `tests/corpus/*.expected.json`
(read by `fiscal_kg.pipeline.quality.load_expected`). Everything is drawn from one
`random.Random(seed)`: the same seed gives byte-identical files.

The package, in the order a report is made:

- `plan`: which agencies (`agencies`: their kinds and regions) in which years;
- `figures`: the numbers of each agency-year, one series per agency;
- `report`: the outline of one report, its sections written by `sections` into a `draft`
  (a `document` of headings, lines and tables, and the figures they state), a few of them with a
  `discrepancy`;
- `render`: the text of the report in its layout; `expected`: its expected data;
- `corpus`: `generate` and `write_corpus`; `cli`: the command `fiscal-kg synth`.
"""

from fiscal_kg.synth.agencies import FIRST_YEAR, LAST_YEAR
from fiscal_kg.synth.cli import add_arguments, run
from fiscal_kg.synth.corpus import DISCREPANCY_RATE, SynthReport, generate, write_corpus
from fiscal_kg.synth.document import Figure

__all__ = ["DISCREPANCY_RATE", "FIRST_YEAR", "LAST_YEAR", "Figure", "SynthReport", "add_arguments",
           "generate", "run", "write_corpus"]
