"""部门基本情况: the agency's duties, its composition (budget level, secondary units, internal
units) and its staff."""

from __future__ import annotations

from fiscal_kg.synth.document import chinese_numeral
from fiscal_kg.synth.draft import Section
from fiscal_kg.synth.figures import Year


class Organisation(Section):
    """The sections on the agency itself."""

    def organisation(self, depth: int) -> None:
        a, doc, rng, y = self.agency, self.doc, self.rng, self.y
        flat = rng.random() < 0.15
        # '<agency>概况' names no section of the template: only its sub-headings are classified
        umbrella = rng.choice((
            "部门基本情况", "部门概况", "主要职责及内设机构",
            "单位基本情况" if a.kind.institution else "部门基本情况",
            "部门概况" if flat else f"{a.name}概况"))
        doc.heading(depth, umbrella)
        if not flat:
            doc.heading(depth + 1, rng.choice(("主要职能", "主要职责", "部门主要职能", "部门职责")))
            self.draft.duties = [d.format(area=a.region.area, gov=a.region.gov) for d in a.duties]
            doc.entries(self.draft.duties)
            doc.heading(depth + 1, rng.choice(("部门决算单位构成", "单位构成", "机构设置",
                                               "部门预算单位构成")))
        self.composition()
        if not flat:
            doc.heading(depth + 1, rng.choice(("人员基本情况", "人员情况", "人员构成")))
        self.staffing(y)

    def composition(self) -> None:
        a, doc, rng, y = self.agency, self.doc, self.rng, self.y
        self.layout["budget_level"] = "stated"
        if rng.random() < 0.06:
            self.layout["budget_level"] = "not stated"
            level_text = ""
        else:
            level_text = f"{a.name}为{chinese_numeral(a.budget_level)}级预算单位，"
        if a.kind.institution:
            rest = "无下属单位。"
            doc.fig("staffing", "下属单位", 0, "count", role="none")
        elif y.secondary == 0:
            rest = "无二级单位。"
            doc.fig("staffing", "二级单位", 0, "count", role="none")
        elif rng.random() < 0.5:
            rest = f"下设二级单位{y.secondary}个。"
            doc.fig("staffing", "二级单位", y.secondary, "count")
        else:
            rest = f"所属二级预算单位{y.secondary}个。"
            doc.fig("staffing", "二级预算单位", y.secondary, "count")
        if not level_text:
            rest = rest.replace("无", f"{self.we}无", 1) if rest.startswith("无") else \
                self.we + rest
        units = self.agency.units
        style = rng.randrange(4)
        listed = "、".join(units)
        if style == 0:
            text = f"内设机构共有{len(units)}个，分别是：{listed}。"
            doc.fig("staffing", "内设机构", len(units), "count")
        elif style == 1:
            text = f"内设机构{len(units)}个，分别为：{listed}。"
            doc.fig("staffing", "内设机构", len(units), "count")
        elif style == 2:
            text = f"内设科室{len(units)}个，分别是：{listed}。"
            doc.fig("staffing", "内设科室", len(units), "count")
        else:
            text = f"内设机构包括：{listed}。"
        if rng.random() < 0.5:
            doc.line(level_text + rest + text)
        else:
            doc.line(level_text + rest)
            doc.line(text)

    def staffing(self, y: Year) -> None:
        doc = self.doc
        style = self.choose("staffing", ("breakdown", "short", "seed", "listed"), (4, 2, 2, 2))
        if style == "short":
            doc.line(f"编制人数{y.authorised}名，在职人员{y.active}名。")
            doc.fig("staffing", "编制人数", y.authorised, "count")
            doc.fig("staffing", "在职人员", y.active, "count")
            return
        if style == "listed":
            doc.line(f"{self.we}编制人数{y.authorised}名，实有在职人员{y.active}名，"
                     f"离休人员{y.retired_cadres}名，退休人员{y.retired}名。")
            for words, value in (("编制人数", y.authorised), ("在职人员", y.active),
                                 ("离休人员", y.retired_cadres), ("退休人员", y.retired)):
                doc.fig("staffing", words, value, "count")
            return
        if style == "breakdown":
            stated = self.wrong.inject("staffing", "财政供养人数", (y.active, y.retired_cadres, y.retired),
                                 count=True)
            doc.line(f"编制人数{y.authorised}名；财政供养人数{stated}名，其中：在职{y.active}名，"
                     f"离休人员{y.retired_cadres}名，退休人员{y.retired}名。")
            parts: tuple[tuple[str, int], ...] = (
                ("在职", y.active), ("离休人员", y.retired_cadres), ("退休人员", y.retired))
        else:
            stated = self.wrong.inject("staffing", "财政供养人数",
                                 (y.active, y.off_establishment, y.retired_cadres), count=True)
            doc.line(f"编制人数{y.authorised}名；财政供养人数{stated}名，其中：在职{y.active}名，"
                     f"不占编{y.off_establishment}人，离休人数{y.retired_cadres}名；"
                     f"纳入养老统筹退休人员{y.retired}名。")
            parts = (("在职", y.active), ("不占编", y.off_establishment),
                     ("离休人数", y.retired_cadres), ("纳入养老统筹退休人员", y.retired))
        doc.fig("staffing", "编制人数", y.authorised, "count")
        doc.fig("staffing", "财政供养人数", stated, "count")
        for words, value in parts:
            doc.fig("staffing", words, value, "count")
