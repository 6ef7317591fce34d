"""One report of one agency-year (`ReportWriter`): its outline, that is its title, parts and
umbrella headings and which sections it has in which order, written by the section writers, then
rendered in its layout, with its expected data."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from fiscal_kg.synth.agencies import Agency
from fiscal_kg.synth.draft import Draft, Section
from fiscal_kg.synth.expected import expected
from fiscal_kg.synth.figures import Year
from fiscal_kg.synth.render import render
from fiscal_kg.synth.sections import Accounts, Glossary, Organisation, OtherMatters, ThreePublic


class ReportWriter(Section):
    """One report of one agency-year: the title and the outline are written here, the sections by
    the writers of each part of the template, all into one `Draft`."""

    def __init__(self, agency: Agency, series: dict[int, Year], year: int,
                 rng: random.Random, discrepancy: str | None) -> None:
        super().__init__(Draft(agency, series, year, rng, discrepancy))
        self.about = Organisation(self.draft)
        self.accounts = Accounts(self.draft)
        self.three = ThreePublic(self.draft)
        self.matters = OtherMatters(self.draft)
        self.glossary = Glossary(self.draft)

    @property
    def found(self) -> dict[str, str] | None:
        """The discrepancy the report states, as the expected data says it (None: it states none)."""
        return self.wrong.found

    def write(self) -> tuple[str, dict[str, Any]]:
        """The report's text and its expected data."""
        a, doc, rng = self.agency, self.doc, self.rng
        title = rng.choice((f"{a.name}{self.year}年度部门决算", f"{a.name}{self.year}年部门决算",
                            f"{a.name}{self.year}年度部门决算公开",
                            f"{a.name}{self.year}年度单位决算" if a.kind.institution
                            else f"{a.name}{self.year}年度部门决算"))
        doc.line(title, "title")
        if rng.random() < 0.5:
            doc.line("", "blank")
        parts = doc.scheme[0] == "part"
        self.about.organisation(0)
        finance = self.finance_sections()
        if parts:
            if rng.random() < 0.6:
                doc.heading(0, f"{self.year}年度部门决算表")
                doc.line(rng.choice(("（详见附件）", "详见附表。", "详情见附表")), "note")
            doc.heading(0, rng.choice((f"{self.year}年度部门决算情况说明",
                                       f"{self.year}年度部门决算情况")))
            for section in finance:
                section(1)
            doc.heading(0, "名词解释")
            self.glossary.glossary()
        else:
            umbrella = rng.random() < 0.3
            if umbrella:
                doc.heading(0, rng.choice((f"{self.year}年部门决算编制情况",
                                           f"{self.year}年度部门决算情况说明")))
            for section in finance:
                section(1 if umbrella else 0)
            if rng.random() < 0.4:
                doc.heading(0, f"{self.year}年度部门决算表")
                doc.line(rng.choice(("详情见附表", "（详见附件）")), "note")
            doc.heading(0, "名词解释")
            self.glossary.glossary()
        self.layout["order"] = ",".join(f.__name__ for f in finance)
        return render(self.doc, self.rng, self.layout), expected(self.draft)

    def finance_sections(self) -> list[Callable[[int], None]]:
        """The writers of the sections after 部门基本情况, in the order the report has them."""
        rng, a, y = self.rng, self.agency, self.y
        first: list[Callable[[int], None]] = []
        style = self.choose("income", ("combined", "separate", "seed", "table"), (3, 3, 2, 2))
        self.accounts.ie_style = style
        first.append(self.accounts.income_expenditure)
        if style == "separate":
            first += [self.accounts.income, self.accounts.expenditure]
        if rng.random() < 0.25 and y.fund_in > 0 and style != "seed":
            first.append(self.accounts.appropriation)
        if rng.random() < 0.9:
            first.append(self.accounts.general_budget)
        rest: list[Callable[[int], None]] = [self.three.three_public]
        if not a.kind.institution or rng.random() < 0.7:
            rest.append(self.matters.operating_costs)
        if rng.random() < 0.9:
            rest.append(self.matters.procurement)
        if rng.random() < 0.85:
            rest.append(self.matters.assets)
        if rng.random() < 0.85:
            rest.append(self.matters.performance)
        if rng.random() < 0.3:
            rng.shuffle(rest)
        if rng.random() < 0.15:
            return rest + first
        return first + rest
