"""The accounts: 收入支出决算总体情况, 收入决算, 支出决算, 财政拨款收入支出决算 and
一般公共预算财政拨款支出决算, in prose, in the seed report's wording or as tables."""

from __future__ import annotations

from fiscal_kg.synth.document import percent
from fiscal_kg.synth.draft import Draft, Section
from fiscal_kg.synth.figures import split


class Accounts(Section):
    """The sections on income and expenditure."""

    def __init__(self, draft: Draft) -> None:
        super().__init__(draft)
        self.ie_style = ""  # how the income and expenditure are stated, drawn with the outline

    def income_expenditure(self, depth: int) -> None:
        doc, rng, y, m, yr = self.doc, self.rng, self.y, self.m, self.year
        style = self.ie_style
        if style == "seed":
            doc.heading(depth, rng.choice(("收入决算情况", "收入决算情况说明")))
            parts = [f"{yr}年本年度财政拨款收入{m(y.appropriation)}"]
            doc.fig("income", "本年度财政拨款收入", y.appropriation)
            for words, value in (("事业收入", y.institution_in), ("其他收入", y.other_in)):
                if value:
                    parts.append(f"{words}{m(value)}")
                    doc.fig("income", words, value)
            parts.append(f"{yr - 1}年末结转资金{m(y.carry_in)}")
            doc.fig("income", f"{yr - 1}年末结转资金", y.carry_in)
            carried = self.prev.carry_out_project  # what last year's report carried out
            if carried:
                parts.append(f"含项目结转资金{m(carried)}。")
                doc.fig("income", "项目结转资金", carried)
            else:
                parts.append("无项目结转资金。")
                doc.fig("income", "项目结转资金", 0, role="none")
            doc.line(f"{yr}年全年收入{m(y.total)}，其中" + "，".join(parts))
            doc.fig("income", "全年收入", y.total)
            doc.heading(depth, rng.choice(("支出决算情况", "支出决算情况说明")))
            text = (f"{yr}年全年支出{m(y.total)}，其中{yr}年本年度支出{m(y.spent)}"
                    f"（基本支出{m(y.basic)}，项目支出{m(y.project)}），年末结转{m(y.carry_out)}")
            for words, value in (("全年支出", y.total), ("本年度支出", y.spent),
                                 ("基本支出", y.basic), ("项目支出", y.project),
                                 ("年末结转", y.carry_out)):
                doc.fig("expenditure", words, value)
            if y.carry_out_project:
                text += f"，含项目结转资金{m(y.carry_out_project)}"
                doc.fig("expenditure", "项目结转资金", y.carry_out_project)
            doc.line(text + "。")
            return
        doc.heading(depth, rng.choice(("收入支出决算总体情况说明", "收入支出决算总体情况",
                                       f"{yr}年度收入支出决算总体情况说明")))
        if style == "table":
            self.income_table()
            return
        if style == "separate":
            doc.line(f"{yr}年度收入、支出决算总计{m(y.total)}。" + self.total_change())
            doc.fig("income", "收入决算总计", y.total)
            doc.fig("expenditure", "支出决算总计", y.total)
            return
        doc.line(f"{yr}年度收入总计{m(y.total)}，支出总计{m(y.total)}。")
        doc.fig("income", "收入总计", y.total)
        doc.fig("expenditure", "支出总计", y.total)
        inline = rng.random() < 0.5
        income = self.income_sentence(shares=False)
        spending = self.expenditure_sentence(shares=False)
        if inline:
            doc.heading(depth + 1, "收入决算情况", income)
            doc.heading(depth + 1, "支出决算情况", spending)
        else:
            doc.line(income)
            doc.line(spending)

    def total_change(self) -> str:
        diff = self.y.total - self.prev.total
        if diff == 0 or self.rng.random() < 0.3:
            return ""
        verb, word = ("增加", "增长") if diff > 0 else ("减少", "下降")
        rate = percent(abs(diff), self.prev.total)
        for section, side in (("income", "收入"), ("expenditure", "支出")):
            self.doc.fig(section, f"{side}决算总计各{verb}", diff, role="change")
            if rate:
                self.doc.fig(section, f"{side}决算总计{word}", rate if diff > 0 else -rate,
                             "percent", role="growth")
        text = f"与{self.year - 1}年度相比，收入、支出总计各{verb}{self.m(abs(diff))}"
        return text + (f"，{word}{rate}%。" if rate else "。")

    def income_sentence(self, shares: bool) -> str:
        y, m, doc = self.y, self.m, self.doc
        parts = []
        for words, value in (("财政拨款收入", y.appropriation), ("事业收入", y.institution_in),
                             ("其他收入", y.other_in)):
            if not value and words != "财政拨款收入":
                continue
            text = f"{words}{m(value)}"
            doc.fig("income", words, value)
            if shares and y.income:
                rate = percent(value, y.income)
                text += f"，占{rate}%"
                doc.fig("income", f"{words}占比", rate, "percent", role="share")
            parts.append(text)
        doc.fig("income", "本年收入合计", y.income)
        sentence = f"本年收入合计{m(y.income)}，其中：" + ("；" if shares else "，").join(parts)
        if not shares or self.rng.random() < 0.5:
            sentence += f"；年初结转和结余{m(y.carry_in)}。"
            doc.fig("income", "年初结转和结余", y.carry_in)
            self.glossary_keys.append("carry-in")
        else:
            sentence += "。"
        self.glossary_keys += ["appropriation"] + (["institution"] if y.institution_in else []) + (
            ["other"] if y.other_in else [])
        return sentence

    def expenditure_sentence(self, shares: bool) -> str:
        y, m, doc, rng = self.y, self.m, self.doc, self.rng
        doc.fig("expenditure", "本年支出合计", y.spent)
        basic = f"基本支出{m(y.basic)}"
        doc.fig("expenditure", "基本支出", y.basic)
        if shares:
            rate = percent(y.basic, y.spent)
            basic += f"，占{rate}%"
            doc.fig("expenditure", "基本支出占比", rate, "percent", role="share")
        elif rng.random() < 0.3:
            basic += f"（其中：人员经费{m(y.personnel)}，日常公用经费{m(y.public_funds)}）"
            doc.fig("expenditure", "人员经费", y.personnel)
            doc.fig("expenditure", "日常公用经费", y.public_funds)
        project = f"项目支出{m(y.project)}"
        doc.fig("expenditure", "项目支出", y.project)
        if shares:
            rate = percent(y.project, y.spent)
            project += f"，占{rate}%"
            doc.fig("expenditure", "项目支出占比", rate, "percent", role="share")
        sentence = f"本年支出合计{m(y.spent)}，其中：{basic}" + ("；" if shares else "，") + project
        if not shares or rng.random() < 0.5:
            sentence += f"；年末结转和结余{m(y.carry_out)}。"
            doc.fig("expenditure", "年末结转和结余", y.carry_out)
            self.glossary_keys.append("carry-out")
        else:
            sentence += "。"
        return sentence

    def income(self, depth: int) -> None:
        self.doc.heading(depth, self.rng.choice(("收入决算情况说明", "收入决算情况")))
        self.doc.line(self.income_sentence(shares=True))

    def expenditure(self, depth: int) -> None:
        self.doc.heading(depth, self.rng.choice(("支出决算情况说明", "支出决算情况")))
        self.doc.line(self.expenditure_sentence(shares=True))

    def income_table(self) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        budget = rng.random() < 0.6
        b = self.budget_income()
        rows: list[tuple[str, int, int | None]] = [("收入总计", y.total, b["total"])]
        current = rng.random() < 0.5
        if current:
            rows.append(("本年收入合计", y.income, b["income"]))
        rows.append(("财政拨款收入", y.appropriation, b["appropriation"]))
        if y.institution_in:
            rows.append(("事业收入", y.institution_in, b["institution"]))
        if y.other_in:
            rows.append(("其他收入", y.other_in, b["other"]))
        rows.append(("年初结转和结余", y.carry_in, y.carry_in))
        rows.append(("支出总计", y.total, b["total"]))
        if current:  # the budget spends all of it: nothing is carried out
            rows.append(("本年支出合计", y.spent, b["total"]))
        rows += [("基本支出", y.basic, b["basic"]), ("项目支出", y.project, b["project"]),
                 ("年末结转和结余", y.carry_out, 0)]
        column = rng.choice(("年初预算数", "预算数", "调整预算数"))
        phase = "revised" if "调整" in column else "approved"
        unit = m.unit
        declared = rng.choice((f"单位：{unit}", f"金额单位：{unit}", None))
        if declared:
            doc.line(declared)
        header = ["项目"] + ([column] if budget else []) + ["决算数" if declared else f"决算数（{unit}）"]
        if budget and not declared:
            header[1] = f"{column}（{unit}）"
        table_rows = []
        for label, actual, planned in rows:
            section = "income" if "收入" in label or label == "年初结转和结余" else "expenditure"
            row = [label]
            if budget:
                assert planned is not None
                row.append(m.number(planned))
                doc.fig(section, f"{label}({column})", planned, phase=phase)
            row.append(m.number(actual))
            doc.fig(section, label, actual)
            table_rows.append(row)
        doc.table(header, table_rows)
        self.layout["income"] = "table" + (" with budget" if budget else "")
        self.glossary_keys += ["appropriation", "carry-in", "carry-out"]

    def budget_income(self) -> dict[str, int]:
        """The budget column: the year's budget, balanced, with the same breakdowns."""
        y, q, rng = self.y, self.agency.quantum, self.rng
        total = max(y.budget_total, y.carry_in + q * 4)
        income = total - y.carry_in
        weights = [max(y.appropriation, q), y.institution_in, y.other_in]
        appropriation, institution, other = (p * q for p in split(income // q, weights, rng))
        basic, project = (p * q for p in split(total // q, [max(y.basic, q), max(y.project, q)], rng))
        return {"total": total, "income": income, "appropriation": appropriation,
                "institution": institution, "other": other, "basic": basic, "project": project}

    def appropriation(self, depth: int) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        doc.heading(depth, rng.choice(("财政拨款收入支出决算总体情况说明", "财政拨款收入支出决算总体情况")))
        # the appropriation totals; in this model nothing of the appropriations is carried over
        doc.line(f"{self.year}年度财政拨款收入总计{m(y.appropriation)}，"
                 f"财政拨款支出总计{m(y.appropriation)}。")
        doc.fig("income", "财政拨款收入总计", y.appropriation)
        doc.fig("expenditure", "财政拨款支出总计", y.appropriation)
        doc.line(f"{self.year}年度一般公共预算财政拨款收入{m(y.general_in)}，"
                 f"政府性基金预算财政拨款收入{m(y.fund_in)}。")
        doc.fig("income", "一般公共预算财政拨款收入", y.general_in)
        doc.fig("income", "政府性基金预算财政拨款收入", y.fund_in)

    def general_budget(self, depth: int) -> None:
        y, doc, rng, m, yr = self.y, self.doc, self.rng, self.m, self.year
        doc.heading(depth, rng.choice(("一般公共预算财政拨款支出决算情况说明",
                                       "一般公共预算财政拨款支出决算情况")))
        self.glossary_keys.append("classes")
        classes = [(code, value) for code, value in y.classes.items()]
        style = self.choose("general_budget", ("prose", "table"), (3, 1))
        if style == "table":
            doc.line(f"{yr}年度一般公共预算财政拨款支出情况如下：")
            doc.line(rng.choice(("单位：万元" if m.unit == "万元" else "单位：元",
                                 "金额单位：万元" if m.unit == "万元" else "金额单位：元")))
            coded = rng.random() < 0.5
            rows = []
            total_first = rng.random() < 0.5
            for code, value in classes:
                name = self.class_name(code)
                label = f"{name}（{code}类）" if coded else name
                rows.append([label, m.number(value)])
                doc.fig("expenditure", name, value)
            total = ["合计", m.number(y.general_out)]
            doc.fig("expenditure", "合计", y.general_out)
            rows = [total, *rows] if total_first else [*rows, total]
            doc.table(["项目", "决算数"], rows)
            return
        opening = rng.choice(("决算为", "", "决算数为"))
        text = f"{yr}年度一般公共预算财政拨款支出{opening}{m(y.general_out)}"
        doc.fig("expenditure", "一般公共预算财政拨款支出", y.general_out)
        if rng.random() < 0.3 and y.spent:
            rate = percent(y.general_out, y.spent)
            text += f"，占本年支出合计的{rate}%"
            doc.fig("expenditure", "一般公共预算财政拨款支出占本年支出合计", rate, "percent",
                    role="share")
        text += "。"
        if rng.random() < 0.4 and self.prev.general_out:
            diff = y.general_out - self.prev.general_out
            if diff:
                verb, word = ("增加", "增长") if diff > 0 else ("减少", "下降")
                rate = percent(abs(diff), self.prev.general_out)
                text += (f"与{yr - 1}年度相比，一般公共预算财政拨款支出{verb}{m(abs(diff))}"
                         f"，{word}{rate}%。")
                doc.fig("expenditure", f"一般公共预算财政拨款支出{verb}", diff, role="change")
                doc.fig("expenditure", f"一般公共预算财政拨款支出{word}",
                        rate if diff > 0 else -rate, "percent", role="growth")
        shares = rng.random() < 0.6
        coded = rng.random() < 0.7
        parts = []
        for code, value in classes:
            name = self.class_name(code)
            part = f"{name}（{code}类）{m(value)}" if coded else f"{name}{m(value)}"
            doc.fig("expenditure", name, value)
            if shares and y.general_out:
                rate = percent(value, y.general_out)
                part += f"，占{rate}%"
                doc.fig("expenditure", f"{name}", rate, "percent", role="share")
            parts.append(part)
        doc.line(text + "其中：" + ("；" if shares else "，").join(parts) + "。")
