"""“三公”经费: travel abroad, official reception and official vehicles, in prose, as a table or
as the execution of the budget, with the numbers of groups, visitors and vehicles."""

from __future__ import annotations

from fiscal_kg.synth.document import percent, stated_change
from fiscal_kg.synth.draft import Section


class ThreePublic(Section):
    """The section on the “三公” costs."""

    def three_public(self, depth: int) -> None:
        doc, rng = self.doc, self.rng
        doc.heading(depth, rng.choice(("“三公”经费支出决算情况说明", "“三公”经费财政拨款支出决算情况说明",
                                       "“三公”经费支出情况说明", "\"三公\"经费支出说明")))
        self.glossary_keys += ["three", "abroad", "reception", "vehicles"]
        if not self.agency.has_three_public:
            self.layout["three_public"] = "none"
            doc.line(f"{self.year}年度“三公”经费支出0元，与上年持平。"
                     "因公出国（境）费、公务接待费、公务用车购置及运行维护费均为0。")
            doc.fig("three-public", "三公经费", 0)
            doc.fig("three-public", "三公经费与上年持平", 0, role="change")
            for words in ("因公出国(境)费", "公务接待费", "公务用车购置及运行维护费"):
                doc.fig("three-public", words, 0, role="none")
            return
        style = self.choose("three_public", ("prose", "table", "execution"), (3, 2, 1))
        if style == "table":
            self.three_public_table()
        elif style == "execution":
            self.three_public_execution()
        else:
            self.three_public_prose()
        if style != "execution" or rng.random() < 0.5:
            self.three_public_counts()

    def three_public_prose(self) -> None:
        y, p, doc, m, rng = self.y, self.prev, self.doc, self.m, self.rng
        sec = "three-public"
        total = self.wrong.inject("three-public", "三公经费", (y.abroad, y.reception, y.vehicle_total))
        lead = rng.choice(("“三公”经费财政拨款支出", "“三公”经费支出"))
        text = f"{self.year}年度{lead}{m(total)}"
        doc.fig(sec, "三公经费", total)
        changes = rng.random() < 0.7
        if changes:
            text += "，" + stated_change(doc, sec, "三公经费", y.three, p.three, growth=rng.random() < 0.6)
        doc.line(text + "。" + self.three_public_parts(changes))

    def three_public_parts(self, changes: bool) -> str:
        y, p, doc, m, rng = self.y, self.prev, self.doc, self.m, self.rng
        sec = "three-public"
        abroad = f"因公出国（境）费{m(y.abroad)}"
        doc.fig(sec, "因公出国(境)费", y.abroad)
        reception = f"公务接待费{m(y.reception)}"
        doc.fig(sec, "公务接待费", y.reception)
        vehicles = f"公务用车购置及运行费{m(y.vehicle_total)}"
        doc.fig(sec, "公务用车购置及运行费", y.vehicle_total)
        if rng.random() < 0.7:
            vehicles += (f"（其中：公务用车购置费{m(y.vehicle_purchase)}，"
                         f"公务用车运行维护费{m(y.vehicle_operation)}）")
            doc.fig(sec, "公务用车购置费", y.vehicle_purchase)
            doc.fig(sec, "公务用车运行维护费", y.vehicle_operation)
        if changes:
            abroad += "，" + stated_change(doc, sec, "因公出国(境)费", y.abroad, p.abroad)
            reception += "，" + stated_change(doc, sec, "公务接待费", y.reception, p.reception)
            vehicles += "，" + stated_change(doc, sec, "公务用车购置及运行费", y.vehicle_total,
                                      p.vehicle_total)
        return "其中：" + "；".join((abroad, reception, vehicles)) + "。"

    def three_public_table(self) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        sec = "three-public"
        columns = rng.choice((["预算数", "决算数"], ["决算数"], ["年初预算数", "决算数", "上年决算数"],
                              ["决算数", "上年决算数"]))
        self.layout["three_public"] = "table: " + ", ".join(columns)
        total = self.wrong.inject("three-public", "合计", (y.abroad, y.reception, y.vehicle_total))
        budget = self.y.budget_three
        prev = self.prev
        detail = rng.random() < 0.4
        rows: list[tuple[str, str, int, int, int]] = [
            ("合计", "合计", sum(budget), total, prev.three),
            ("因公出国（境）费", "因公出国(境)费", budget[0], y.abroad, prev.abroad),
            ("公务接待费", "公务接待费", budget[1], y.reception, prev.reception),
            ("公务用车购置及运行费", "公务用车购置及运行费", budget[2], y.vehicle_total,
             prev.vehicle_total),
        ]
        if detail:
            rows += [("其中：公务用车购置费", "公务用车购置费", -1, y.vehicle_purchase,
                      prev.vehicle_purchase),
                     ("公务用车运行维护费", "公务用车运行维护费", -1, y.vehicle_operation,
                      prev.vehicle_operation)]
        if rng.random() < 0.5:
            rows = rows[1:] + rows[:1]
        intro = rng.random() < 0.5
        if intro:
            doc.line(f"{self.year}年度“三公”经费财政拨款支出情况如下表：")
        declared = rng.choice((True, False)) or intro
        header = ["项目", *columns]
        if declared:
            doc.line(rng.choice((f"单位：{m.unit}", f"金额单位：{m.unit}")))
        else:
            header = ["项目", *[f"{c}（{m.unit}）" for c in columns]]
        table_rows = []
        for label, words, planned, actual, before in rows:
            row = [label]
            for column in columns:
                if "上年" in column:
                    value, phase = before, "executed"
                elif "预算" in column:
                    value, phase = planned, "approved"
                else:
                    value, phase = actual, "executed"
                if value < 0:  # no budget is printed for the vehicle split
                    row.append("")
                    continue
                row.append(m.number(value))
                suffix = "" if column == "决算数" else f"({column})"
                doc.fig(sec, words + suffix, value, phase=phase)
            table_rows.append(row)
        if any("" in r for r in table_rows):
            table_rows = [[c if c else "—" for c in r] for r in table_rows]
        doc.table(header, table_rows)

    def three_public_execution(self) -> None:
        y, doc, m, rng = self.y, self.doc, self.m, self.rng
        sec = "three-public"
        total = self.wrong.inject("three-public", "三公经费", (y.abroad, y.reception, y.vehicle_total))
        budget = self.y.budget_three
        text = f"“三公”经费财政拨款支出决算为{m(total)}"
        doc.fig(sec, "三公经费", total)
        if sum(budget):
            rate = percent(total, sum(budget))
            text += f"，完成预算的{rate}%"
            doc.fig(sec, "三公经费完成预算", rate, "percent", role="share")
        doc.line(text + "。")
        doc.line(f"其中：因公出国（境）费支出决算为{m(y.abroad)}。")
        doc.fig(sec, "因公出国(境)费", y.abroad)
        text = f"公务接待费支出决算为{m(y.reception)}"
        doc.fig(sec, "公务接待费", y.reception)
        if budget[1] and rng.random() < 0.7:
            rate = percent(y.reception, budget[1])
            text += f"，完成预算的{rate}%"
            doc.fig(sec, "公务接待费完成预算", rate, "percent", role="share")
        doc.line(text + "。")
        doc.line(f"公务用车购置及运行费支出决算为{m(y.vehicle_total)}。其中：公务用车购置费"
                 f"{m(y.vehicle_purchase)}；公务用车运行维护费{m(y.vehicle_operation)}。")
        doc.fig(sec, "公务用车购置及运行费", y.vehicle_total)
        doc.fig(sec, "公务用车购置费", y.vehicle_purchase)
        doc.fig(sec, "公务用车运行维护费", y.vehicle_operation)

    def three_public_counts(self) -> None:
        y, doc = self.y, self.doc
        sec = "three-public"
        parts = []
        if y.abroad_groups:
            parts.append(f"全年因公出国（境）团组{y.abroad_groups}个，共{y.abroad_persons}人次")
            doc.fig(sec, "因公出国(境)团组", y.abroad_groups, "count")
            doc.fig(sec, "因公出国(境)人次", y.abroad_persons, "count")
        parts.append(f"国内公务接待{y.reception_batches}批次，共{y.reception_persons}人次")
        doc.fig(sec, "国内公务接待批次", y.reception_batches, "count")
        doc.fig(sec, "国内公务接待人次", y.reception_persons, "count")
        parts.append(f"购置公务用车{y.vehicles_bought}辆")
        doc.fig(sec, "购置公务用车", y.vehicles_bought, "count")
        parts.append(f"年末公务用车保有量{y.vehicles}辆")
        doc.fig(sec, "公务用车保有量", y.vehicles, "count")
        doc.line("；".join(parts) + "。")
