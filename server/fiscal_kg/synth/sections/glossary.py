"""名词解释: the terms the report used, defined."""

from __future__ import annotations

from fiscal_kg.synth.agencies import FUNCTIONAL
from fiscal_kg.synth.draft import Section

_GLOSSARY: tuple[tuple[str, str, str], ...] = (
    # (key, term as printed, definition)
    ("appropriation", "财政拨款收入", "指本级财政当年拨付的资金。"),
    ("institution", "事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("other", "其他收入", "指单位取得的除上述收入以外的各项收入。"),
    ("carry-in", "年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    ("carry-out", "年末结转和结余",
     "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。"),
    ("basic", "基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("project", "项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("three", "“三公”经费",
     "指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
    ("abroad", "因公出国（境）费",
     "指单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费等支出。"),
    ("reception", "公务接待费", "指单位按规定开支的各类公务接待（含外宾接待）费用。"),
    ("vehicles", "公务用车购置及运行费",
     "指单位公务用车购置支出（含车辆购置税）及租用费、燃料费、维修费、保险费等支出。"),
    ("operating", "机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项资金。"),
)


class Glossary(Section):
    """The glossary of the terms the sections used (`Draft.glossary_keys`)."""

    def glossary(self) -> None:
        keys: list[str] = []
        for key in self.glossary_keys:
            if key not in keys:
                keys.append(key)
        entries: list[tuple[str, str]] = []
        for key, term, definition in _GLOSSARY:
            if key in keys and self.rng.random() < 0.8:
                entries.append((term, definition))
        if "classes" in keys:
            for code in self.agency.functional:
                if self.rng.random() < 0.5:
                    name = self.class_name(code)
                    entries.append((f"{name}（{code}类）", FUNCTIONAL[code][2] + "。"))
        if not entries:
            entries.append(("基本支出", _GLOSSARY[5][2]))
        self.draft.terms = [term.split("（2")[0] for term, _ in entries]
        self.doc.entries([f"{term}：{definition}" for term, definition in entries])
