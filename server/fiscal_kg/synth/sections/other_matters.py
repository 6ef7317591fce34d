"""The other matters the template asks for: 机关运行经费, 政府采购, 国有资产占用 and 预算绩效."""

from __future__ import annotations

from fiscal_kg.synth.document import percent, stated_change
from fiscal_kg.synth.draft import Section
from fiscal_kg.synth.figures import in_fen


class OtherMatters(Section):
    """The sections on operating costs, procurement, assets and performance."""

    def operating_costs(self, depth: int) -> None:
        y, p, doc, rng, m = self.y, self.prev, self.doc, self.rng, self.m
        sec = "operating-costs"
        doc.heading(depth, rng.choice(("机关运行经费支出情况说明", "机关运行经费支出说明",
                                       "机关运行经费情况说明")))
        if self.agency.kind.institution:
            self.layout["operating_costs"] = "none"
            doc.line(rng.choice(("本单位为事业单位，无机关运行经费。",
                                 f"本单位{self.year}年度无机关运行经费。")))
            doc.fig(sec, "机关运行经费", 0, role="none")
            return
        self.glossary_keys.append("operating")
        items = list(y.operating.items())
        total = y.operating_total
        style = self.choose("operating_costs", ("prose", "items", "lines", "table"), (2, 3, 2, 1))
        if style == "prose" and self.wrong.section == "operating-costs":
            style = self.layout["operating_costs"] = "items"  # a wrong total needs its items
        if style == "prose":
            stated = total
            text = f"{self.year}年度{self.we}机关运行经费支出{m(stated)}"
            doc.fig(sec, "机关运行经费", stated)
            if rng.random() < 0.3:
                text += "，" + stated_change(doc, sec, "机关运行经费", stated, y.operating_budget,
                                      against="年初预算数", growth=True)
            elif p.operating_total:
                text += "，" + stated_change(doc, sec, "机关运行经费", stated, p.operating_total,
                                      growth=rng.random() < 0.6)
            doc.line(text + "。" + rng.choice(("", "主要用于办公、印刷、水电、差旅等日常公用支出。")))
            return
        if style == "items":
            full = rng.random() < 0.6 or self.wrong.section == "operating-costs"
            shown = items if full else items[:max(1, len(items) // 2)]
            stated = self.wrong.inject_operating(total, shown, "机关运行经费") if full else total
            text = f"{self.year}年度{self.we}机关运行经费支出{m(stated)}"
            doc.fig(sec, "机关运行经费", stated)
            if rng.random() < 0.4 and p.operating_total:
                text += "，" + stated_change(doc, sec, "机关运行经费", stated, p.operating_total,
                                      growth=True)
            listed = []
            for name, value in shown:
                listed.append(f"{name}{m(value)}")
                doc.fig(sec, name, value)
            doc.line(text + "。" + rng.choice(("主要包括", "其中：")) + "、".join(listed) + "。")
            return
        stated = self.wrong.inject_operating(total, items, "合计")
        if style == "lines":
            doc.line(f"{self.year}年度机关运行经费支出明细如下：")
            for name, value in items:
                doc.line(f"{name}：{m(value)}")
                doc.fig(sec, name, value)
            doc.line(f"合计：{m(stated)}")
            doc.fig(sec, "合计", stated)
            return
        doc.line(rng.choice((f"单位：{m.unit}", f"金额单位：{m.unit}")))
        rows = [[name, m.number(value)] for name, value in items]
        for name, value in items:
            doc.fig(sec, name, value)
        rows.append(["合计", m.number(stated)])
        doc.fig(sec, "合计", stated)
        doc.table(["项目", "决算数"], rows)

    def procurement(self, depth: int) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        sec = "procurement"
        doc.heading(depth, rng.choice(("政府采购支出情况说明", "政府采购支出说明", "政府采购情况说明")))
        if not y.procurement:
            self.layout["procurement"] = "none"
            doc.line(f"{self.we}{self.year}年度未发生政府采购支出。")
            doc.fig(sec, "政府采购支出", 0, role="none")
            return
        style = self.choose("procurement", ("prose", "seed", "table"), (3, 2, 1))
        parts = (y.goods, y.services) if style == "seed" and not y.works else (
            y.goods, y.works, y.services)
        total = self.wrong.inject("procurement", "政府采购", parts)
        if self.wrong.found and self.wrong.found["section"] == "procurement":
            self.wrong.found["item"] = {"prose": "政府采购支出总额", "seed": "实际采购金额",
                                  "table": "合计"}[style]
        if style == "table":
            doc.line(rng.choice((f"单位：{m.unit}", f"金额单位：{m.unit}")))
            rows = [["货物类采购", m.number(y.goods)], ["工程类采购", m.number(y.works)],
                    ["服务类采购", m.number(y.services)], ["合计", m.number(total)]]
            for words, value in (("货物类采购", y.goods), ("工程类采购", y.works),
                                 ("服务类采购", y.services), ("合计", total)):
                doc.fig(sec, words, value)
            doc.table(["项目", "金额"], rows)
            whole = "政府采购支出总额"
        elif style == "seed":
            text = (f"{self.year}年{self.we}政府采购计划金额{m(y.procurement_planned)}，实际采购金额"
                    f"{m(total)}，主要为货物及服务类采购。其中：政府采购货物支出{m(y.goods)}、")
            doc.fig(sec, "政府采购计划金额", y.procurement_planned)
            doc.fig(sec, "实际采购金额", total)
            doc.fig(sec, "政府采购货物支出", y.goods)
            if y.works:
                text += f"政府采购工程支出{m(y.works)}、"
                doc.fig(sec, "政府采购工程支出", y.works)
            text += f"政府采购服务支出{m(y.services)}。"
            doc.fig(sec, "政府采购服务支出", y.services)
            doc.line(text)
            whole = "政府采购支出总额"
        else:
            doc.line(f"{self.year}年度{self.we}政府采购支出总额{m(total)}，其中：政府采购货物支出"
                     f"{m(y.goods)}、政府采购工程支出{m(y.works)}、政府采购服务支出{m(y.services)}。")
            for words, value in (("政府采购支出总额", total), ("政府采购货物支出", y.goods),
                                 ("政府采购工程支出", y.works), ("政府采购服务支出", y.services)):
                doc.fig(sec, words, value)
            whole = "政府采购支出总额"
        if rng.random() < 0.8 and total:
            sme = percent(y.sme, total)
            small = percent(y.small_micro, total)
            doc.line(f"授予中小企业合同金额{m(y.sme)}，占{whole}的{sme}%，其中：授予小微企业合同金额"
                     f"{m(y.small_micro)}，占{whole}的{small}%。")
            doc.fig(sec, "授予中小企业合同金额", y.sme)
            doc.fig(sec, f"授予中小企业合同金额占{whole}", sme, "percent", role="share")
            doc.fig(sec, "授予小微企业合同金额", y.small_micro)
            doc.fig(sec, f"授予小微企业合同金额占{whole}", small, "percent", role="share")

    def assets(self, depth: int) -> None:
        y, doc, rng = self.y, self.doc, self.rng
        sec = "assets"
        doc.heading(depth, rng.choice(("国有资产占用情况说明", "国有资产占用情况", "国有资产占用情况的说明")))
        style = self.choose("assets", ("vehicles", "holdings", "area"), (3, 2, 1))
        if style == "area" or (style == "vehicles" and not y.vehicles):
            doc.line(f"截至{self.year}年12月31日，{self.we}房屋建筑物面积{y.area:,}平方米，"
                     f"车辆{y.vehicles}辆。")
            doc.fig(sec, "房屋建筑物面积", y.area, "m2")
            doc.fig(sec, "车辆", y.vehicles, "count")
            return
        if style == "holdings":
            m, q = self.m, self.agency.quantum
            area_value = in_fen(float(y.area) * rng.uniform(3000, 9000), q)
            car_value = in_fen(y.vehicles * rng.uniform(1.2e5, 2.5e5), q)
            general = rng.randint(50, 800)
            general_value = in_fen(general * rng.uniform(2000, 6000), q)
            furniture = rng.randint(30, 400)
            furniture_value = in_fen(furniture * rng.uniform(800, 3000), q)
            special = f"专用设备{y.special_equipment}台" if y.special_equipment else "专用设备无"
            premises = rng.randint(1, 4)
            doc.line(f"{self.we}办公用房{premises}处，面积{y.area}平方米，价值{m(area_value)}；车辆{y.vehicles}台，"
                     f"总价值{m(car_value)}；{special}；通用设备{general}件，总价值{m(general_value)}；"
                     f"家具{furniture}件，价值{m(furniture_value)}。")
            doc.fig(sec, "办公用房", premises, "count")
            doc.fig(sec, "办公用房面积", y.area, "m2")
            doc.fig(sec, "办公用房价值", area_value)
            doc.fig(sec, "车辆", y.vehicles, "count")
            doc.fig(sec, "车辆总价值", car_value)
            if y.special_equipment:
                doc.fig(sec, "专用设备", y.special_equipment, "count")
            else:
                doc.fig(sec, "专用设备", 0, "count", role="none")
            doc.fig(sec, "通用设备", general, "count")
            doc.fig(sec, "通用设备总价值", general_value)
            doc.fig(sec, "家具", furniture, "count")
            doc.fig(sec, "家具价值", furniture_value)
            return
        uses = list(y.vehicle_uses.items())
        equipment = rng.random() < 0.6
        doc.line(f"截至{self.year}年12月31日，{self.we}共有车辆{y.vehicles}辆，其中："
                 + "、".join(f"{name}{n}辆" for name, n in uses) + "。"
                 + (f"单价50万元以上通用设备{y.general_equipment}台（套），单价100万元以上专用设备"
                    f"{y.special_equipment}台（套）。" if equipment else ""))
        doc.fig(sec, "车辆", y.vehicles, "count")
        for name, n in uses:
            doc.fig(sec, name, n, "count")
        if equipment:
            doc.fig(sec, "通用设备", y.general_equipment, "count")
            doc.fig(sec, "专用设备", y.special_equipment, "count")

    def performance(self, depth: int) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        sec = "performance"
        doc.heading(depth, rng.choice(("预算绩效情况说明", "预算绩效管理情况说明", "预算绩效情况的说明")))
        style = self.choose("performance", ("short", "full", "seed"), (3, 2, 1))
        if style == "short":
            doc.line(f"{self.we}对{y.projects}个项目开展了绩效自评，涉及资金{m(y.performance_amount)}。")
            doc.fig(sec, "项目", y.projects, "count")
            doc.fig(sec, "涉及资金", y.performance_amount)
        elif style == "full":
            doc.line(f"{self.we}组织对{self.year}年度一般公共预算项目支出全面开展绩效自评，共涉及项目"
                     f"{y.projects}个，资金{m(y.performance_amount)}。")
            doc.fig(sec, "涉及项目", y.projects, "count")
            doc.fig(sec, "资金", y.performance_amount)
        else:
            doc.line(f"根据预算绩效管理要求，对涉及{self.year}年度一般公共预算{y.projects}个项目支出和"
                     f"部门整体支出开展绩效自评，涉及金额{m(y.performance_amount)}。")
            doc.fig(sec, "一般公共预算项目支出", y.projects, "count")
            doc.fig(sec, "涉及金额", y.performance_amount)
        if rng.random() < 0.6:
            doc.line(rng.choice((f"根据评价指标，{self.we}整体绩效自评得分为{y.score}分。",
                                 f"部门整体支出绩效自评得分{y.score}分。")))
            doc.fig(sec, "自评得分", y.score, "score")
