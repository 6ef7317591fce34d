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
"""

from __future__ import annotations

import argparse
import html
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.text import normalise_width

FIRST_YEAR, LAST_YEAR = 2015, 2024
DISCREPANCY_RATE = 0.03  # share of reports that state one total that is not the sum of its parts

Figure = list[str]  # [section, words, value, unit(, phase, role)]

# --- agencies -------------------------------------------------------------------------------

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class _Kind:
    key: str
    names: dict[str, str]  # level (province, municipality, prefecture, county) -> name suffix
    institution: bool  # a public institution: 事业收入, no 机关运行经费, 二级预算单位
    functional: tuple[str, ...]  # functional classes (类) of its general-budget expenditure
    scale: tuple[float, float]  # total income at province level, yuan
    duties: tuple[str, ...]
    units: tuple[str, ...]  # internal units; {u} is 处, 科 or 股 by level
    first_year: int = FIRST_YEAR


_COMMON = ("208", "210", "221")
_KINDS: tuple[_Kind, ...] = (
    _Kind("finance", {"province": "财政厅", "municipality": "财政局", "prefecture": "财政局",
                      "county": "财政局"}, False, ("201", *_COMMON), (1.5e8, 6e8), (
        "贯彻执行国家财税方针政策，拟订{area}财政发展战略、中长期规划和政策措施。",
        "负责编制年度本级预决算草案并组织执行，受{gov}委托向本级人民代表大会报告预算执行情况。",
        "负责管理本级财政收支，组织实施国库集中收付制度。",
        "负责政府非税收入管理，负责政府性基金管理。",
        "负责{area}政府采购监督管理工作。",
        "负责管理{area}会计工作，监督和规范会计行为。",
        "负责本级行政事业单位国有资产管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "综合{u}", "预算{u}", "国库{u}", "税政{u}", "经济建设{u}", "行政政法{u}",
        "教科文{u}", "社会保障{u}", "农业农村{u}", "资产管理{u}", "政府采购管理{u}", "会计{u}",
        "绩效管理{u}", "法规{u}", "人事教育{u}")),
    _Kind("education", {"province": "教育厅", "municipality": "教育委员会", "prefecture": "教育局",
                        "county": "教育局"}, False, ("205", *_COMMON), (8e8, 4e9), (
        "贯彻执行国家教育方针政策，拟订{area}教育改革与发展规划。",
        "负责{area}各级各类教育的统筹规划和协调管理。",
        "负责{area}义务教育均衡发展和教育督导工作。",
        "负责{area}教师队伍建设和教育系统人才工作。",
        "负责{area}学生资助和教育经费统计工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "政策法规{u}", "发展规划{u}", "基础教育{u}", "职业教育{u}", "教师工作{u}",
        "财务{u}", "体育卫生与艺术教育{u}", "学生资助管理{u}", "人事{u}")),
    _Kind("health", {"province": "卫生健康委员会", "municipality": "卫生健康委员会",
                     "prefecture": "卫生健康委员会", "county": "卫生健康局"}, False,
          ("210", "208", "221"), (4e8, 3e9), (
        "贯彻执行国民健康政策和卫生健康法律法规，拟订{area}卫生健康事业发展规划。",
        "统筹规划{area}卫生健康资源配置，指导区域卫生健康规划的编制和实施。",
        "负责{area}疾病预防控制工作，组织实施免疫规划。",
        "组织拟订并协调落实应对人口老龄化政策措施。",
        "负责{area}医疗机构、医疗服务行业管理。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "规划发展与信息化{u}", "财务{u}", "医政医管{u}", "基层卫生健康{u}",
        "疾病预防控制{u}", "卫生应急办公室", "妇幼健康{u}", "老龄健康{u}", "人事{u}"),
          first_year=2018),
    _Kind("transport", {"province": "交通运输厅", "municipality": "交通委员会",
                        "prefecture": "交通运输局", "county": "交通运输局"}, False,
          ("214", *_COMMON), (1e9, 6e9), (
        "贯彻执行国家交通运输方针政策，拟订{area}综合交通运输发展规划。",
        "负责{area}公路、水路行业管理和运输市场监管。",
        "负责{area}交通运输基础设施建设和维护管理。",
        "负责{area}交通运输安全生产监督管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "综合规划{u}", "财务审计{u}", "建设管理{u}", "运输服务{u}", "安全监督{u}",
        "科技信息{u}", "法制{u}", "人事教育{u}")),
    _Kind("audit", {"province": "审计厅", "municipality": "审计局", "prefecture": "审计局",
                    "county": "审计局"}, False, ("201", *_COMMON), (6e7, 2e8), (
        "贯彻执行审计工作方针政策，拟订{area}审计工作规划。",
        "对本级预算执行情况、决算草案以及其他财政收支情况进行审计监督。",
        "对国有企业和国有资本占控股地位企业的财务收支进行审计监督。",
        "组织实施领导干部经济责任审计和自然资源资产离任审计。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "法规审理{u}", "财政审计{u}", "行政事业审计{u}", "农业农村审计{u}",
        "固定资产投资审计{u}", "经济责任审计{u}", "电子数据审计{u}", "人事教育{u}")),
    _Kind("office", {"province": "人民政府办公厅", "municipality": "人民政府办公厅",
                     "prefecture": "人民政府办公室", "county": "人民政府办公室"}, False,
          ("201", *_COMMON), (6e7, 2.5e8), (
        "负责{gov}会议的准备工作，协助{gov}领导同志组织实施会议决定事项。",
        "协助{gov}领导同志组织起草或审核以{gov}名义发布的公文。",
        "督促检查{gov}公文、会议决定事项和领导同志有关指示的执行落实情况。",
        "负责{gov}值班工作，及时报告重要情况。",
        "指导、监督{area}政府信息公开和政务服务工作。",
        "承办{gov}交办的其他事项。",
    ), ("秘书{u}", "督查室", "综合{u}", "文电{u}", "信息{u}", "政务公开办公室", "法制{u}",
        "行政{u}", "人事{u}")),
    _Kind("police", {"province": "公安厅", "municipality": "公安局", "prefecture": "公安局"},
          False, ("204", *_COMMON), (6e8, 3e9), (
        "贯彻执行国家公安工作方针政策，部署{area}公安工作。",
        "掌握影响稳定、危害国内安全和社会治安的情况，分析形势，制定对策。",
        "依法组织指导侦查工作，协调处置重大案件、治安事故和骚乱。",
        "依法管理户籍、居民身份证、枪支弹药、危险物品和特种行业。",
        "负责{area}道路交通安全管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "指挥中心", "政治部", "警务保障{u}", "治安管理{u}", "刑事侦查{u}",
        "出入境管理{u}", "法制{u}", "科技信息化{u}")),
    _Kind("agriculture", {"province": "农业农村厅", "municipality": "农业农村局",
                          "prefecture": "农业农村局", "county": "农业农村局"}, False,
          ("213", *_COMMON), (4e8, 2e9), (
        "统筹研究和组织实施{area}“三农”工作的发展战略、中长期规划和重大政策。",
        "负责{area}种植业、畜牧业、渔业和农业机械化等农业各产业的监督管理。",
        "负责{area}农产品质量安全监督管理工作。",
        "负责{area}农田建设和耕地质量管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "发展规划{u}", "计划财务{u}", "种植业管理{u}", "畜牧兽医{u}", "农田建设管理{u}",
        "农产品质量安全监管{u}", "乡村产业发展{u}", "人事{u}"), first_year=2018),
    _Kind("civil", {"province": "民政厅", "municipality": "民政局", "prefecture": "民政局",
                    "county": "民政局"}, False, ("208", "201", "210", "221"), (3e8, 1.5e9), (
        "贯彻执行民政工作方针政策，拟订{area}民政事业发展规划。",
        "负责{area}社会组织登记管理和执法监督工作。",
        "负责{area}最低生活保障、特困人员救助供养和临时救助工作。",
        "负责{area}养老服务体系建设和儿童福利工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "社会组织管理{u}", "社会救助{u}", "基层政权建设{u}", "养老服务{u}",
        "儿童福利{u}", "规划财务{u}", "人事{u}")),
    _Kind("water", {"province": "水利厅", "municipality": "水务局", "prefecture": "水利局",
                    "county": "水利局"}, False, ("213", *_COMMON), (5e8, 2.5e9), (
        "负责保障{area}水资源的合理开发利用，拟订水利战略规划和政策。",
        "负责{area}水资源管理和节约用水工作。",
        "负责{area}水利工程建设和运行管理。",
        "负责{area}水旱灾害防御的组织、协调和指导工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "规划计划{u}", "财务审计{u}", "水资源管理{u}", "建设管理{u}", "运行管理{u}",
        "河湖管理{u}", "水旱灾害防御{u}", "人事{u}")),
    _Kind("statistics", {"province": "统计局", "municipality": "统计局", "prefecture": "统计局",
                         "county": "统计局"}, False, ("201", *_COMMON), (5e7, 1.5e8), (
        "贯彻执行国家统计法律法规，拟订{area}统计工作规划。",
        "组织实施{area}人口、经济、农业等重大国情国力普查。",
        "组织实施{area}国民经济核算和统计调查工作。",
        "负责{area}统计数据质量管理和统计执法检查。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "综合{u}", "国民经济核算{u}", "工业交通统计{u}", "农村统计{u}",
        "人口和就业统计{u}", "统计执法监督{u}", "人事{u}")),
    _Kind("library", {"province": "图书馆", "municipality": "图书馆", "prefecture": "图书馆",
                      "county": "图书馆"}, True, ("207", "208", "210", "221"), (4e7, 1.5e8), (
        "负责{area}公共图书文献的采集、编目、典藏和借阅服务。",
        "组织开展全民阅读推广活动。",
        "负责地方文献和古籍的收集、整理与保护。",
        "开展数字图书馆建设和公共数字文化服务。",
        "指导下级公共图书馆业务工作。",
    ), ("办公室", "采编部", "借阅部", "参考咨询部", "地方文献部", "数字资源部", "少儿部",
        "典藏部")),
    _Kind("cdc", {"province": "疾病预防控制中心", "municipality": "疾病预防控制中心",
                  "prefecture": "疾病预防控制中心", "county": "疾病预防控制中心"}, True,
          ("210", "208", "221"), (8e7, 3e8), (
        "负责{area}传染病、慢性病等疾病的监测、预防和控制。",
        "组织实施{area}免疫规划和预防接种工作。",
        "负责突发公共卫生事件的监测、调查和应急处置。",
        "开展卫生检验检测和健康教育与健康促进工作。",
        "承担{area}疾病预防控制业务的技术指导和人员培训。",
    ), ("办公室", "急性传染病防制科", "慢性病防制科", "免疫规划科", "检验科", "健康教育科",
        "卫生监测科", "财务科")),
)

_LEVEL_SCALE = {"province": 1.0, "municipality": 1.1, "prefecture": 0.12, "county": 0.03}
_LEVEL_STAFF = {"province": (120, 600), "municipality": (150, 600), "prefecture": (40, 300),
                "county": (10, 90)}
_UNIT_SUFFIX = {"province": "处", "municipality": "处", "prefecture": "科", "county": "股"}
_NORTH = ("110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
          "370000", "410000", "610000", "620000", "630000", "640000", "650000", "540000")

_FUNCTIONAL: dict[str, tuple[str, str, str]] = {
    # code: (name until 2018, name from 2019, what it reflects)
    "201": ("一般公共服务支出", "一般公共服务支出", "反映政府提供一般公共服务的支出"),
    "204": ("公共安全支出", "公共安全支出", "反映政府维护社会公共安全方面的支出"),
    "205": ("教育支出", "教育支出", "反映政府教育事务支出"),
    "207": ("文化体育与传媒支出", "文化旅游体育与传媒支出", "反映政府在文化、旅游、体育与传媒方面的支出"),
    "208": ("社会保障和就业支出", "社会保障和就业支出", "反映政府在社会保障与就业方面的支出"),
    "210": ("医疗卫生与计划生育支出", "卫生健康支出", "反映政府医疗卫生与健康方面的支出"),
    "213": ("农林水支出", "农林水支出", "反映政府农林水事务支出"),
    "214": ("交通运输支出", "交通运输支出", "反映政府交通运输方面的支出"),
    "221": ("住房保障支出", "住房保障支出", "集中反映政府用于住房方面的支出"),
}

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

# 机关运行经费 line items (economic classification), in the order of the classification.
_OPERATING_ITEMS: tuple[tuple[str, float], ...] = (
    ("办公费", 8), ("印刷费", 1), ("咨询费", 0.5), ("手续费", 0.3), ("水费", 0.6), ("电费", 3),
    ("邮电费", 2), ("取暖费", 2), ("物业管理费", 5), ("差旅费", 6), ("维修（护）费", 3),
    ("租赁费", 1.5), ("会议费", 1.5), ("培训费", 2), ("公务接待费", 1), ("专用材料费", 1),
    ("劳务费", 3), ("委托业务费", 6), ("工会经费", 4), ("福利费", 4),
    ("公务用车运行维护费", 5), ("其他交通费用", 7), ("税金及附加费用", 0.3),
    ("其他商品和服务支出", 3), ("办公设备购置", 2), ("信息网络及软件购置更新", 1),
)
_VEHICLE_USES = ("主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                 "特种专业技术用车", "其他用车")


@dataclass(frozen=True)
class _Region:
    code: str
    name: str
    level: str  # province, municipality, prefecture, county

    @property
    def area(self) -> str:
        if self.name.endswith("自治区") or self.level == "county":
            return "全区"
        if self.name.endswith("州"):
            return "全州"
        return "全省" if self.level == "province" else "全市"

    @property
    def gov(self) -> str:
        if self.level == "county":
            return "区政府"
        if self.name.endswith("自治区"):
            return "自治区人民政府"
        if self.name.endswith("州"):
            return "州政府"
        return "省政府" if self.level == "province" else "市政府"


def _regions() -> list[_Region]:
    regions = []
    for place in load_gazetteer().places:
        if place.level == "country":
            continue
        level = "municipality" if place.name in _MUNICIPALITIES else place.level
        regions.append(_Region(place.code, place.name, level))
    return regions


@dataclass
class _Agency:
    name: str
    region: _Region
    kind: _Kind
    budget_level: int
    duties: list[str]
    units: list[str]
    staff: int
    income: float  # yuan, a typical year's total income
    quantum: int  # fen: every amount is a multiple (10000 fen = 0.01万元)
    money_unit: str  # 万元 or 元
    functional: tuple[str, ...]
    has_three_public: bool
    procures: float  # chance of a year with government procurement
    years: list[int] = field(default_factory=list)


# --- the numbers of one agency-year ---------------------------------------------------------

@dataclass
class _Year:
    year: int
    # staffing
    authorised: int = 0
    active: int = 0
    off_establishment: int = 0
    retired_cadres: int = 0
    retired: int = 0
    secondary: int = 0
    # income and expenditure, fen
    total: int = 0
    carry_in: int = 0
    general_in: int = 0
    fund_in: int = 0
    institution_in: int = 0
    other_in: int = 0
    personnel: int = 0
    public_funds: int = 0
    project: int = 0
    carry_out: int = 0
    carry_out_project: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # functional code -> fen
    # "三公"
    abroad: int = 0
    reception: int = 0
    vehicle_purchase: int = 0
    vehicle_operation: int = 0
    abroad_groups: int = 0
    abroad_persons: int = 0
    reception_batches: int = 0
    reception_persons: int = 0
    vehicles_bought: int = 0
    vehicles: int = 0
    vehicle_uses: dict[str, int] = field(default_factory=dict)
    budget_three: tuple[int, int, int] = (0, 0, 0)  # abroad, reception, vehicles
    # 机关运行经费
    operating: dict[str, int] = field(default_factory=dict)
    operating_budget: int = 0
    # procurement
    goods: int = 0
    works: int = 0
    services: int = 0
    procurement_planned: int = 0
    sme: int = 0
    small_micro: int = 0
    # assets and performance
    area: Decimal = Decimal(0)
    general_equipment: int = 0
    special_equipment: int = 0
    projects: int = 0
    performance_amount: int = 0
    score: Decimal = Decimal(0)
    budget_total: int = 0

    @property
    def appropriation(self) -> int:
        return self.general_in + self.fund_in

    @property
    def income(self) -> int:
        return self.appropriation + self.institution_in + self.other_in

    @property
    def basic(self) -> int:
        return self.personnel + self.public_funds

    @property
    def spent(self) -> int:
        return self.basic + self.project

    @property
    def general_out(self) -> int:
        return sum(self.classes.values())

    @property
    def vehicle_total(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def three(self) -> int:
        return self.abroad + self.reception + self.vehicle_total

    @property
    def operating_total(self) -> int:
        return sum(self.operating.values())

    @property
    def procurement(self) -> int:
        return self.goods + self.works + self.services


def _split(total: int, weights: Sequence[float], rng: random.Random, jitter: float = 0.4) -> list[int]:
    """`total` units in parts proportional to randomly perturbed weights, adding up exactly."""
    perturbed = [w * rng.uniform(1 - jitter, 1 + jitter) for w in weights]
    whole = sum(perturbed) or 1.0
    raw = [total * w / whole for w in perturbed]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def _q(value: float, quantum: int) -> int:
    """An amount in yuan as fen, a multiple of the quantum."""
    return max(0, round(value * 100 / quantum)) * quantum


class _Drift:
    """Agency parameters that change a little from one year to the next."""

    def __init__(self, rng: random.Random, **start: float) -> None:
        self.rng = rng
        self.values = dict(start)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def step(self, spread: float = 0.06, steady: tuple[str, ...] = ()) -> None:
        for name in self.values:
            change = spread / 4 if name in steady else spread
            self.values[name] *= self.rng.uniform(1 - change, 1 + change)


def _series(agency: _Agency, rng: random.Random) -> dict[int, _Year]:
    """Every year of the agency from the year before its first report to its last."""
    years: dict[int, _Year] = {}
    q = agency.quantum
    kind = agency.kind
    admin = kind.key in ("office", "audit", "statistics")
    p = _Drift(
        rng, level=1.0, staff=float(agency.staff), three=rng.uniform(0.6, 1.4),
        general=rng.uniform(0.75, 0.95), fund=rng.uniform(0.01, 0.06) if rng.random() < 0.3 else 0.0,
        institution=rng.uniform(0.05, 0.25) if kind.institution else 0.0,
        other=rng.uniform(0.002, 0.03) if rng.random() < 0.6 else 0.0,
        basic=rng.uniform(0.35, 0.8) if admin else rng.uniform(0.15, 0.6),
        personnel=rng.uniform(0.7, 0.88), operating=rng.uniform(0.5, 0.9),
        authorised=rng.uniform(1.0, 1.12), retired=rng.uniform(0.1, 0.45),
        abroad=rng.uniform(0.02, 0.2), reception=rng.uniform(0.1, 0.35),
        operation=rng.uniform(0.4, 0.8), gov_share=rng.uniform(0.8, 1.0),
        per_head=rng.uniform(2.5e4, 8e4))
    travels = rng.random() < (0.7 if agency.region.level in ("province", "municipality") else 0.15)
    per_vehicle = rng.uniform(25, 60) if kind.institution else rng.uniform(8, 25)
    vehicles = max(1, int(agency.staff / per_vehicle)) if agency.has_three_public else 0
    uses = [u for u in _VEHICLE_USES if rng.random() < 0.6] or ["其他用车"]
    items = [(name, w * rng.uniform(0.5, 1.5)) for name, w in _OPERATING_ITEMS
             if (name != "取暖费" or agency.region.code[:2] + "0000" in _NORTH)
             and rng.random() < 0.75] or list(_OPERATING_ITEMS[:4])
    class_weights = [6.0 * rng.uniform(0.6, 1.4)] + [rng.uniform(0.4, 1.6)
                                                     for _ in agency.functional[1:]]
    special = rng.randint(0, 8) if kind.key in ("cdc", "health", "police", "transport", "water") else 0
    general_equipment = rng.randint(0, 12)
    area = float(agency.staff) * rng.uniform(12, 40)
    carry_out: int | None = None
    for year in range(agency.years[0] - 1, agency.years[-1] + 1):
        if years:
            p.step(steady=("basic", "personnel", "operating", "general", "authorised", "retired"))
            p.values["level"] *= rng.uniform(0.96, 1.1)
            p.values["three"] *= rng.uniform(0.85, 1.02)  # 八项规定: “三公” costs go down
        y = _Year(year)
        y.active = min(560, max(10, int(p["staff"])))
        y.authorised = min(600, max(y.active, int(y.active * min(p["authorised"], 1.15))))
        y.off_establishment = rng.randint(0, max(1, y.active // 25))
        y.retired_cadres = max(0, round(y.active / 60 * (1 - (year - 2014) / 12)))
        y.retired = int(y.active * p["retired"])
        y.secondary = 0 if kind.institution else (len(agency.name) + agency.staff) % 5
        total = agency.income * p["level"]
        y.carry_in = _q(total * rng.uniform(0.0, 0.08), q) if carry_out is None else carry_out
        income = max(q * 10, _q(total, q) - y.carry_in)
        general, fund, institution, other = _split(income // q, [
            p["general"], p["fund"], p["institution"], p["other"]], rng, 0.05)
        y.general_in, y.fund_in = general * q, fund * q
        y.institution_in, y.other_in = institution * q, other * q
        y.total = y.income + y.carry_in
        spent = min(y.total, _q(y.total / 100 * rng.uniform(0.9, 0.995), q))
        y.carry_out = carry_out = y.total - spent
        y.carry_out_project = (y.carry_out // q * rng.randint(0, 100) // 100) * q
        basic, project = _split(spent // q, [min(p["basic"], 0.9), 1 - min(p["basic"], 0.9)], rng, 0.03)
        personnel, public = _split(basic, [min(p["personnel"], 0.95), 1 - min(p["personnel"], 0.95)],
                                   rng, 0.02)
        y.personnel, y.public_funds, y.project = personnel * q, public * q, project * q
        general_out = min(y.spent, _q(y.spent / 100 * min(p["gov_share"], 1.0), q))
        y.classes = {code: part * q for code, part in zip(
            agency.functional, _split(general_out // q, class_weights, rng, 0.1), strict=True)}
        # "三公"
        if agency.has_three_public:
            base = (3e4 + total ** 0.5 * 40) * p["three"]
            y.abroad = _q(base * p["abroad"], q) if travels and rng.random() < 0.85 else 0
            y.reception = _q(base * p["reception"], q)
            y.vehicle_operation = _q(base * p["operation"], q)
            y.vehicles_bought = rng.choice((0, 0, 0, 0, 1, 1, 2))
            y.vehicle_purchase = y.vehicles_bought * _q(rng.uniform(1.5e5, 2.6e5), q)
            vehicles = max(1, vehicles + y.vehicles_bought - rng.choice((0, 0, 1)))
            y.abroad_groups = rng.randint(1, 6) if y.abroad else 0
            y.abroad_persons = y.abroad_groups * rng.randint(2, 6)
            y.reception_batches = max(1, int(y.reception / 100 / rng.uniform(800, 2500)))
            y.reception_persons = y.reception_batches * rng.randint(3, 9)
            budget = [max(v, _q(v / 100 * rng.uniform(1.0, 1.35), q))
                      for v in (y.abroad, y.reception, y.vehicle_total)]
            y.budget_three = (budget[0], budget[1], budget[2])
        y.vehicles = vehicles
        y.vehicle_uses = dict(zip(uses, _split(vehicles, [1.0] * len(uses), rng), strict=True))
        # 机关运行经费
        if not kind.institution:
            operating = _q(min(y.public_funds / 100 * min(p["operating"], 0.95),
                               y.active * p["per_head"]), q)
            y.operating = dict(zip([n for n, _ in items], [v * q for v in _split(
                operating // q, [w for _, w in items], rng, 0.15)], strict=True))
            y.operating_budget = _q(y.operating_total / 100 * rng.uniform(0.92, 1.05), q)
            if y.operating_budget == y.operating_total:
                y.operating_budget += q
        # procurement
        if rng.random() < agency.procures:
            amount = y.spent // q * rng.uniform(0.02, 0.2)
            goods, works, services = _split(int(amount), [
                rng.uniform(0.3, 1), rng.uniform(0, 0.8) if rng.random() < 0.4 else 0,
                rng.uniform(0.2, 1)], rng)
            y.goods, y.works, y.services = goods * q, works * q, services * q
            y.procurement_planned = _q(y.procurement / 100 * rng.uniform(1.0, 1.08), q)
            y.sme = y.procurement // q * rng.randint(55, 98) // 100 * q
            y.small_micro = y.sme // q * rng.randint(30, 90) // 100 * q
        area *= rng.choice((1.0, 1.0, 1.0, rng.uniform(0.9, 1.2)))
        y.area = Decimal(f"{area:.2f}")
        general_equipment = max(0, general_equipment + rng.choice((-1, 0, 0, 1, 2)))
        y.general_equipment = general_equipment
        y.special_equipment = special
        y.projects = rng.randint(3, 40)
        y.performance_amount = _q(y.project / 100 * rng.uniform(0.5, 1.0), q)
        y.score = Decimal(rng.randint(170, 198)) / 2
        y.budget_total = _q(y.total / 100 * rng.uniform(0.85, 1.0), q)
        years[year] = y
    return years


# --- printing -------------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value else "0"
    return text


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class _Money:
    unit: str  # 万元 or 元
    thousands: bool
    strip: bool  # '28万元' rather than '28.00万元'

    def number(self, fen: int, unit: str | None = None) -> str:
        unit = unit or self.unit
        value = Decimal(fen) / (Decimal(1000000) if unit == "万元" else Decimal(100))
        if self.strip:
            text = _plain(value)
            if self.thousands and "." in text:
                head, tail = text.split(".")
                return f"{int(head):,}.{tail}"
            return f"{int(text):,}" if self.thousands and "." not in text else text
        return f"{value:,.2f}" if self.thousands else f"{value:.2f}"

    def resolution(self, fen: int, unit: str | None = None) -> int:
        """One step of the last printed digit, in fen."""
        text = self.number(fen, unit)
        decimals = len(text.split(".")[1]) if "." in text else 0
        return (1000000 if (unit or self.unit) == "万元" else 100) // int(10 ** decimals)

    def __call__(self, fen: int, unit: str | None = None) -> str:
        return self.number(fen, unit) + (unit or self.unit)


def _yuan(fen: int) -> str:
    return _plain(Decimal(fen) / 100)


@dataclass
class _Table:
    header: list[str]
    rows: list[list[str]]


_STYLES = ("part", "cn", "cn-paren", "arabic", "arabic-paren", "circled")


class _Doc:
    """The lines of a report being written, and the figures it states."""

    def __init__(self, rng: random.Random, scheme: list[str], money: _Money) -> None:
        self.rng = rng
        self.scheme = scheme  # numbering style of each heading depth
        self.money = money
        self.blocks: list[str | _Table] = []
        self.kinds: list[str] = []  # 'heading', 'body', 'entry', 'title', 'note'
        self.figures: list[Figure] = []
        self.counters = [0] * 8
        self.chain: list[str] = []  # styles of the headings open now
        self.variant = {s: rng.randrange(3) for s in _STYLES}  # how each style is printed

    # numbering
    def marker(self, style: str, n: int) -> str:
        v = self.variant[style]
        if style == "part":
            return f"第{_cn(n)}部分" + ("　", " ", "  ")[v]
        if style == "cn":
            return f"{_cn(n)}、"
        if style == "cn-paren":
            return (f"（{_cn(n)}）", f"({_cn(n)})", f"（{_cn(n)}）")[v]
        if style == "arabic":
            return (f"{n}、", f"{n}.", f"{n}．")[v]
        if style == "arabic-paren":
            return (f"（{n}）", f"({n})", f"（{n}）")[v]
        return chr(0x2460 + n - 1)

    def heading(self, depth: int, title: str, inline: str | None = None) -> None:
        self.counters[depth] += 1
        for deeper in range(depth + 1, len(self.counters)):
            self.counters[deeper] = 0
        style = self.scheme[depth]
        self.chain = self.scheme[:depth + 1]
        marker = self.marker(style, self.counters[depth])
        if marker.endswith((".", "．")) and title[:1].isdigit():
            title = title.lstrip("0123456789年度")  # '6.2019年…' would read as the number 6.2019
        text = marker + title
        if inline is not None:
            text += "：" + inline
        self.blocks.append(text)
        self.kinds.append("heading")

    def entry_style(self) -> str:
        free = [s for s in _STYLES if s not in self.chain and s != "part"]
        return self.rng.choice(free)

    def entries(self, texts: list[str]) -> None:
        style = self.entry_style()
        for n, text in enumerate(texts, start=1):
            self.blocks.append(self.marker(style, n) + text)
            self.kinds.append("entry")

    def line(self, text: str, kind: str = "body") -> None:
        self.blocks.append(text)
        self.kinds.append(kind)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(_Table(header, rows))
        self.kinds.append("table")

    # figures
    def fig(self, section: str, words: str, value: int | Decimal | str, unit: str = "CNY",
            phase: str = "executed", role: str = "level") -> None:
        """A stated figure; money values are given in fen."""
        if unit == "CNY" and isinstance(value, int):
            text = _yuan(value)
        else:
            text = _plain(Decimal(value))
        words = words.translate(_NORM)
        entry = [section, words, text, unit]
        if phase != "executed" or role != "level" or text == "0":
            entry += [phase, role]
        self.figures.append(entry)


_NORM = str.maketrans("（）：，；０１２３４５６７８９．％", "():,;0123456789.%")


def _change(doc: _Doc, section: str, base_item: str, now: int, before: int, *,
            against: str = "上年", growth: bool = False) -> str:
    """'比上年增加12.30万元' (and its figures), or '与上年持平' when nothing changed."""
    diff = now - before
    if diff == 0:
        doc.fig(section, f"{base_item}与上年持平", 0, "CNY", role="change")
        return "与上年持平"
    verb = "增加" if diff > 0 else "减少"
    text = f"比{against}{verb}{doc.money(abs(diff))}"
    doc.fig(section, f"{base_item}比{against}{verb}", diff, role="change")
    if growth and before > 0:
        rate = _pct(abs(diff), before)
        if rate > 0:
            word = "增长" if diff > 0 else "下降"
            text += f"，{word}{rate}%"
            doc.fig(section, f"{base_item}{word}", rate if diff > 0 else -rate, "percent",
                    role="growth")
    return text


# --- the report -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SynthReport:
    """A generated report: its file name, its text and the figures it states."""

    filename: str
    text: str
    expected: dict[str, Any]
    encoding: str = "utf-8"  # of the file: utf-8, utf-8-sig or gb18030

    @property
    def data(self) -> bytes:
        text = self.text.replace("\n", "\r\n") if self.expected["synthetic"]["layout"].get(
            "crlf") else self.text
        return text.encode(self.encoding)

    @property
    def expected_json(self) -> str:
        return _dump_expected(self.expected)


class _Writer:
    """One report of one agency-year."""

    def __init__(self, agency: _Agency, series: dict[int, _Year], year: int,
                 rng: random.Random, discrepancy: str | None) -> None:
        self.agency = agency
        self.y = series[year]
        self.prev = series[year - 1]
        self.year = year
        self.rng = rng
        self.discrepancy = discrepancy
        self.found: dict[str, str] | None = None
        self.consistency: list[list[str]] = []
        money = _Money(agency.money_unit, rng.random() < 0.6, rng.random() < 0.12)
        self.layout: dict[str, Any] = {}
        scheme = rng.choice((
            ["part", "cn", "cn-paren"], ["part", "cn", "arabic"], ["cn", "cn-paren", "arabic"],
            ["cn", "arabic", "arabic-paren"], ["cn", "cn-paren", "arabic-paren"],
            ["part", "cn", "circled"],
        ))
        self.doc = _Doc(rng, scheme, money)
        self.layout["headings"] = "/".join(scheme)
        self.layout["money"] = agency.money_unit + (", thousands" if money.thousands else "") + (
            ", short" if money.strip else "")
        self.glossary_keys: list[str] = ["basic", "project"]

    # helpers
    @property
    def m(self) -> _Money:
        return self.doc.money

    def choose(self, name: str, options: Sequence[str], weights: Sequence[float] | None = None) -> str:
        choice = self.rng.choices(list(options), weights=weights)[0]
        self.layout[name] = choice
        return choice

    @property
    def we(self) -> str:
        return "本单位" if self.agency.kind.institution else "本部门"

    def write(self) -> tuple[str, dict[str, Any]]:
        a, doc, rng = self.agency, self.doc, self.rng
        title = rng.choice((f"{a.name}{self.year}年度部门决算", f"{a.name}{self.year}年部门决算",
                            f"{a.name}{self.year}年度部门决算公开",
                            f"{a.name}{self.year}年度单位决算" if a.kind.institution
                            else f"{a.name}{self.year}年度部门决算"))
        doc.line(title, "title")
        if rng.random() < 0.5:
            doc.line("", "blank")
        parts = doc.scheme[0] == "part"
        self.organisation(0)
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
            self.glossary()
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
            self.glossary()
        self.layout["order"] = ",".join(f.__name__ for f in finance)
        return self.render(), self.expected()

    # sections -------------------------------------------------------------------------------
    def organisation(self, depth: int) -> None:
        a, doc, rng, y = self.agency, self.doc, self.rng, self.y
        flat = rng.random() < 0.15
        # '<agency>概况' names no section of the template: only its sub-headings are classified
        umbrella = rng.choice((
            "部门基本情况", "部门概况", "主要职责及内设机构",
            "单位基本情况" if a.kind.institution else "部门基本情况",
            "部门概况" if flat else f"{a.name}概况"))
        doc.heading(depth, umbrella)
        self.duties: list[str] = []
        if not flat:
            doc.heading(depth + 1, rng.choice(("主要职能", "主要职责", "部门主要职能", "部门职责")))
            self.duties = [d.format(area=a.region.area, gov=a.region.gov) for d in a.duties]
            doc.entries(self.duties)
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
            level_text = f"{a.name}为{_cn(a.budget_level)}级预算单位，"
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

    def staffing(self, y: _Year) -> None:
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
            stated = self.inject("staffing", "财政供养人数", (y.active, y.retired_cadres, y.retired),
                                 count=True)
            doc.line(f"编制人数{y.authorised}名；财政供养人数{stated}名，其中：在职{y.active}名，"
                     f"离休人员{y.retired_cadres}名，退休人员{y.retired}名。")
            parts: tuple[tuple[str, int], ...] = (
                ("在职", y.active), ("离休人员", y.retired_cadres), ("退休人员", y.retired))
        else:
            stated = self.inject("staffing", "财政供养人数",
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

    def inject(self, kind: str, item: str, parts: Sequence[int], *, count: bool = False) -> int:
        """The value the report states for a total of `parts`: their sum, or one that is off by
        more than the rounding of the printed numbers allows."""
        true = sum(parts)
        if self.discrepancy != kind or self.found is not None:
            return true
        if count:
            stated = true + self.rng.choice((-2, -1, 1, 2, 3))
        else:
            stated = self.off(true, parts, self.rng.choice((-1, 1)))
        check = "ComponentsAddUp"
        unit = "count" if count else "CNY"
        show = str(stated) if count else _yuan(stated)
        computed = str(true) if count else _yuan(true)
        self.found = {"section": kind, "check": check, "item": item, "stated": show,
                      "computed": computed, "unit": unit,
                      "description": f"{item}: the report states {show}, its parts add up to "
                                     f"{computed} ({unit})"}
        self.consistency.append([check, show, computed])
        return stated

    def off(self, true: int, parts: Sequence[int], sign: int, least: int = 0) -> int:
        """An amount that differs from `true` (by at least `least`) by more than the checks'
        tolerance: half the resolutions of the printed parts and total added up."""
        step = self.agency.quantum * (100 if self.agency.money_unit == "元" else 1)
        difference = least or step * self.rng.randint(1, 40)
        while True:
            stated = true + sign * difference
            tolerance = (sum(self.m.resolution(v) for v in parts) + self.m.resolution(stated)) / 2
            if stated > 0 and difference > tolerance + step:
                return stated
            if stated <= 0:
                sign, difference = 1, step
            else:
                difference *= 2

    def finance_sections(self) -> list[Callable[[int], None]]:
        rng, a, y = self.rng, self.agency, self.y
        first: list[Callable[[int], None]] = []
        style = self.choose("income", ("combined", "separate", "seed", "table"), (3, 3, 2, 2))
        self.ie_style = style
        first.append(self.income_expenditure)
        if style == "separate":
            first += [self.income, self.expenditure]
        if rng.random() < 0.25 and y.fund_in > 0 and style != "seed":
            first.append(self.appropriation)
        if rng.random() < 0.9:
            first.append(self.general_budget)
        rest: list[Callable[[int], None]] = [self.three_public]
        if not a.kind.institution or rng.random() < 0.7:
            rest.append(self.operating_costs)
        if rng.random() < 0.9:
            rest.append(self.procurement)
        if rng.random() < 0.85:
            rest.append(self.assets)
        if rng.random() < 0.85:
            rest.append(self.performance)
        if rng.random() < 0.3:
            rng.shuffle(rest)
        if rng.random() < 0.15:
            return rest + first
        return first + rest

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
        rate = _pct(abs(diff), self.prev.total)
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
                rate = _pct(value, y.income)
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
            rate = _pct(y.basic, y.spent)
            basic += f"，占{rate}%"
            doc.fig("expenditure", "基本支出占比", rate, "percent", role="share")
        elif rng.random() < 0.3:
            basic += f"（其中：人员经费{m(y.personnel)}，日常公用经费{m(y.public_funds)}）"
            doc.fig("expenditure", "人员经费", y.personnel)
            doc.fig("expenditure", "日常公用经费", y.public_funds)
        project = f"项目支出{m(y.project)}"
        doc.fig("expenditure", "项目支出", y.project)
        if shares:
            rate = _pct(y.project, y.spent)
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
        appropriation, institution, other = (p * q for p in _split(income // q, weights, rng))
        basic, project = (p * q for p in _split(total // q, [max(y.basic, q), max(y.project, q)], rng))
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

    def class_name(self, code: str) -> str:
        before, after, _ = _FUNCTIONAL[code]
        return before if self.year <= 2018 else after

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
            rate = _pct(y.general_out, y.spent)
            text += f"，占本年支出合计的{rate}%"
            doc.fig("expenditure", "一般公共预算财政拨款支出占本年支出合计", rate, "percent",
                    role="share")
        text += "。"
        if rng.random() < 0.4 and self.prev.general_out:
            diff = y.general_out - self.prev.general_out
            if diff:
                verb, word = ("增加", "增长") if diff > 0 else ("减少", "下降")
                rate = _pct(abs(diff), self.prev.general_out)
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
                rate = _pct(value, y.general_out)
                part += f"，占{rate}%"
                doc.fig("expenditure", f"{name}", rate, "percent", role="share")
            parts.append(part)
        doc.line(text + "其中：" + ("；" if shares else "，").join(parts) + "。")

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
        total = self.inject("three-public", "三公经费", (y.abroad, y.reception, y.vehicle_total))
        lead = rng.choice(("“三公”经费财政拨款支出", "“三公”经费支出"))
        text = f"{self.year}年度{lead}{m(total)}"
        doc.fig(sec, "三公经费", total)
        changes = rng.random() < 0.7
        if changes:
            text += "，" + _change(doc, sec, "三公经费", y.three, p.three, growth=rng.random() < 0.6)
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
            abroad += "，" + _change(doc, sec, "因公出国(境)费", y.abroad, p.abroad)
            reception += "，" + _change(doc, sec, "公务接待费", y.reception, p.reception)
            vehicles += "，" + _change(doc, sec, "公务用车购置及运行费", y.vehicle_total,
                                      p.vehicle_total)
        return "其中：" + "；".join((abroad, reception, vehicles)) + "。"

    def three_public_table(self) -> None:
        y, doc, rng, m = self.y, self.doc, self.rng, self.m
        sec = "three-public"
        columns = rng.choice((["预算数", "决算数"], ["决算数"], ["年初预算数", "决算数", "上年决算数"],
                              ["决算数", "上年决算数"]))
        self.layout["three_public"] = "table: " + ", ".join(columns)
        total = self.inject("three-public", "合计", (y.abroad, y.reception, y.vehicle_total))
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
        total = self.inject("three-public", "三公经费", (y.abroad, y.reception, y.vehicle_total))
        budget = self.y.budget_three
        text = f"“三公”经费财政拨款支出决算为{m(total)}"
        doc.fig(sec, "三公经费", total)
        if sum(budget):
            rate = _pct(total, sum(budget))
            text += f"，完成预算的{rate}%"
            doc.fig(sec, "三公经费完成预算", rate, "percent", role="share")
        doc.line(text + "。")
        doc.line(f"其中：因公出国（境）费支出决算为{m(y.abroad)}。")
        doc.fig(sec, "因公出国(境)费", y.abroad)
        text = f"公务接待费支出决算为{m(y.reception)}"
        doc.fig(sec, "公务接待费", y.reception)
        if budget[1] and rng.random() < 0.7:
            rate = _pct(y.reception, budget[1])
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
        if style == "prose" and self.discrepancy == "operating-costs":
            style = self.layout["operating_costs"] = "items"  # a wrong total needs its items
        if style == "prose":
            stated = total
            text = f"{self.year}年度{self.we}机关运行经费支出{m(stated)}"
            doc.fig(sec, "机关运行经费", stated)
            if rng.random() < 0.3:
                text += "，" + _change(doc, sec, "机关运行经费", stated, y.operating_budget,
                                      against="年初预算数", growth=True)
            elif p.operating_total:
                text += "，" + _change(doc, sec, "机关运行经费", stated, p.operating_total,
                                      growth=rng.random() < 0.6)
            doc.line(text + "。" + rng.choice(("", "主要用于办公、印刷、水电、差旅等日常公用支出。")))
            return
        if style == "items":
            full = rng.random() < 0.6 or self.discrepancy == "operating-costs"
            shown = items if full else items[:max(1, len(items) // 2)]
            stated = self.inject_operating(total, shown, "机关运行经费") if full else total
            text = f"{self.year}年度{self.we}机关运行经费支出{m(stated)}"
            doc.fig(sec, "机关运行经费", stated)
            if rng.random() < 0.4 and p.operating_total:
                text += "，" + _change(doc, sec, "机关运行经费", stated, p.operating_total,
                                      growth=True)
            listed = []
            for name, value in shown:
                listed.append(f"{name}{m(value)}")
                doc.fig(sec, name, value)
            doc.line(text + "。" + rng.choice(("主要包括", "其中：")) + "、".join(listed) + "。")
            return
        stated = self.inject_operating(total, items, "合计")
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

    def inject_operating(self, total: int, items: list[tuple[str, int]], item: str) -> int:
        """The stated 机关运行经费: the items' sum, or (as in the seed report) a total that leaves
        out the capital items 办公设备购置 and 信息网络及软件购置更新 though they are listed."""
        if self.discrepancy != "operating-costs" or self.found is not None:
            return total
        capital = sum(v for n, v in items if n in ("办公设备购置", "信息网络及软件购置更新"))
        listed = [v for _, v in items]
        stated = self.off(total, listed, -1, capital)
        left_out = total - stated == capital
        self.found = {"section": "operating-costs", "check": "PartsWithinTotal",
                      "item": item, "stated": _yuan(stated), "computed": _yuan(total),
                      "unit": "CNY",
                      "description": "机关运行经费: the report states " + _yuan(stated)
                      + ", its listed items add up to " + _yuan(total)
                      + (" (the capital items 办公设备购置 and 信息网络及软件购置更新 are left out)"
                         if left_out else "")}
        self.consistency.append(["PartsWithinTotal", _yuan(stated), _yuan(total)])
        return stated

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
        total = self.inject("procurement", "政府采购", parts)
        if self.found and self.found["section"] == "procurement":
            self.found["item"] = {"prose": "政府采购支出总额", "seed": "实际采购金额",
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
            sme = _pct(y.sme, total)
            small = _pct(y.small_micro, total)
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
            area_value = _q(float(y.area) * rng.uniform(3000, 9000), q)
            car_value = _q(y.vehicles * rng.uniform(1.2e5, 2.5e5), q)
            general = rng.randint(50, 800)
            general_value = _q(general * rng.uniform(2000, 6000), q)
            furniture = rng.randint(30, 400)
            furniture_value = _q(furniture * rng.uniform(800, 3000), q)
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
                    entries.append((f"{name}（{code}类）", _FUNCTIONAL[code][2] + "。"))
        if not entries:
            entries.append(("基本支出", _GLOSSARY[5][2]))
        self.terms = [term.split("（2")[0] for term, _ in entries]
        self.doc.entries([f"{term}：{definition}" for term, definition in entries])

    # output ---------------------------------------------------------------------------------
    def render(self) -> str:
        doc, rng = self.doc, self.rng
        full_width = rng.random() < 0.2
        indent = rng.random() < 0.25
        blanks = rng.random() < 0.3
        self.layout["full_width"] = full_width
        self.layout["tables"] = rng.choice(("pipe", "columns"))
        self.layout["html"] = rng.random() < 0.06
        lines: list[str] = []
        for block, kind in zip(doc.blocks, doc.kinds, strict=True):
            if isinstance(block, _Table):
                lines.extend(self.render_table(block, full_width))
                continue
            text = block
            if full_width and kind in ("body", "heading") and rng.random() < 0.7:
                text = text.translate(_FULL)
            if indent and kind != "title" and rng.random() < 0.3:
                text = rng.choice(("  ", "　　", " ")) + text
            lines.append(text)
            if blanks and kind in ("body", "heading") and rng.random() < 0.3:
                lines.append("")
        if self.layout["html"]:
            return self.render_html(lines)
        return "\n".join(lines) + "\n"

    def render_table(self, table: _Table, full_width: bool) -> list[str]:
        rows = [table.header, *table.rows]
        if full_width:
            rows = [[c.translate(_FULL) for c in r] for r in rows]
        if self.layout["tables"] == "pipe" or self.layout["html"]:
            out = ["| " + " | ".join(table.header) + " |"]
            if self.rng.random() < 0.6:
                out.append("| " + " | ".join("---" for _ in table.header) + " |")
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            return out
        widths = [max(_width(r[i]) for r in rows) for i in range(len(table.header))]
        out = []
        for r in rows:
            cells = [c + " " * (widths[i] - _width(c) + 4) for i, c in enumerate(r)]
            out.append("".join(cells).rstrip())
        return out

    def render_html(self, lines: list[str]) -> str:
        title = html.escape(lines[0])
        body: list[str] = []
        table: list[str] = []

        def flush() -> None:
            if table:
                body.append('<table border="1">')
                body.extend(table)
                body.append("</table>")
                table.clear()

        for line in lines[1:]:
            stripped = line.strip()
            if stripped.startswith("|") and stripped.endswith("|"):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                if all(set(c) <= set("-") for c in cells):
                    continue
                table.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells)
                             + "</tr>")
                continue
            flush()
            if stripped:
                indent = "&nbsp;" * 4 if self.rng.random() < 0.3 else ""
                body.append(f"<p>{indent}{html.escape(stripped)}</p>")
        flush()
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{title}</title>\n<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n"
                "<div class=\"header\"><a href=\"/\">首页</a> &gt; 信息公开 &gt; 部门决算</div>\n"
                f"<div class=\"article\">\n<h2>{title}</h2>\n" + "\n".join(body)
                + "\n</div>\n<div class=\"footer\">版权所有&nbsp;&nbsp;政府信息公开</div>\n"
                "</body>\n</html>\n")

    def expected(self) -> dict[str, Any]:
        a = self.agency
        data: dict[str, Any] = {
            "file": "",
            "agency": a.name,
            "year": self.year,
            "region": a.region.code,
            "budget_level": a.budget_level if self.layout["budget_level"] == "stated" else None,
            "units": list(a.units),
            "duties": self.duties,
            "glossary": [normalise_width(term) for term in self.terms],  # as terms are read
            "consistency": self.consistency,
        }
        if self.found is not None:
            data["discrepancy"] = self.found
        data["synthetic"] = {"layout": self.layout}
        data["figures"] = self.doc.figures
        return data


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _dump_expected(data: dict[str, Any]) -> str:
    """JSON with one figure a line."""
    head = {k: v for k, v in data.items() if k != "figures"}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    figures = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in data["figures"])
    return text[:-2] + ',\n "figures": [\n  ' + figures + "\n ]\n}\n"


# --- the corpus -----------------------------------------------------------------------------

def _plan(n: int, rng: random.Random) -> list[tuple[_Agency, int]]:
    """Which agencies, in which years: about one agency for every four reports."""
    regions = _regions()
    combos: dict[str, list[tuple[_Region, _Kind]]] = {"province": [], "prefecture": [], "county": []}
    for region in regions:
        level = "province" if region.level == "municipality" else region.level
        for kind in _KINDS:
            if region.level in kind.names:
                combos[level].append((region, kind))
    weights = {"province": 0.45, "prefecture": 0.4, "county": 0.15}
    plan: list[tuple[_Agency, int]] = []
    agencies: list[_Agency] = []
    while len(plan) < n:
        levels = [lv for lv in weights if combos[lv]]
        if not levels:
            break
        level = rng.choices(levels, weights=[weights[lv] for lv in levels])[0]
        region, kind = combos[level].pop(rng.randrange(len(combos[level])))
        agency = _make_agency(region, kind, rng)
        count = min(n - len(plan), rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7)),
                    LAST_YEAR - kind.first_year + 1)
        start = rng.randint(kind.first_year, LAST_YEAR - count + 1)
        agency.years = list(range(start, start + count))
        agencies.append(agency)
        plan += [(agency, year) for year in agency.years]
    spare = [a for a in agencies if len(a.years) < LAST_YEAR - a.kind.first_year + 1]
    while len(plan) < n and spare:  # more reports than agencies: more years of each
        agency = spare[len(plan) % len(spare)]
        free = [yr for yr in range(agency.kind.first_year, LAST_YEAR + 1) if yr not in agency.years]
        if not free:
            spare.remove(agency)
            continue
        year = free[0] if free[0] < agency.years[0] else free[-1]
        agency.years = sorted([*agency.years, year])
        plan.append((agency, year))
    if len(plan) < n:
        raise ValueError(f"at most {len(plan)} distinct agency-years can be generated")
    return sorted(plan, key=lambda p: (agencies.index(p[0]), p[1]))


def _make_agency(region: _Region, kind: _Kind, rng: random.Random) -> _Agency:
    name = region.name + kind.names[region.level]
    low, high = kind.scale
    income = rng.uniform(low, high) * _LEVEL_SCALE[region.level] * rng.uniform(0.7, 1.3)
    small = income < 2e7
    money_unit = "元" if (small and rng.random() < 0.5) or rng.random() < 0.05 else "万元"
    lo, hi = _LEVEL_STAFF[region.level]
    staff = rng.randint(lo, hi) if not kind.institution else rng.randint(max(10, lo // 3), hi // 2)
    pool = [u.format(u=_UNIT_SUFFIX[region.level]) for u in kind.units]
    size = rng.randint(min(4, len(pool)), len(pool))
    keep = sorted(rng.sample(range(len(pool)), size))
    duties = list(kind.duties[:rng.randint(max(2, len(kind.duties) - 3), len(kind.duties))])
    if duties[-1] != kind.duties[-1] and "交办" in kind.duties[-1]:
        duties.append(kind.duties[-1])
    functional = kind.functional[:rng.randint(2, len(kind.functional))]
    return _Agency(
        name=name, region=region, kind=kind, budget_level=2 if kind.institution else 1,
        duties=duties, units=[pool[i] for i in keep], staff=staff, income=income,
        quantum=1 if money_unit == "元" else 10000, money_unit=money_unit,
        functional=functional,
        has_three_public=not kind.institution or rng.random() < (0.4 if kind.key == "library" else 0.75),
        procures=rng.uniform(0.6, 1.0))


def generate(n: int, seed: int = 1) -> list[SynthReport]:
    """N reports of about N/4 agencies, each in several years, with the figures they state."""
    if n < 0:
        raise ValueError("the number of reports must not be negative")
    rng = random.Random(seed)
    plan = _plan(n, rng)
    series: dict[str, dict[int, _Year]] = {}
    reports: list[SynthReport] = []
    kinds = ["three-public", "operating-costs", "procurement", "staffing"]
    for index, (agency, year) in enumerate(plan, start=1):
        if agency.name not in series:
            series[agency.name] = _series(agency, random.Random(rng.getrandbits(64)))
        report_rng = random.Random(rng.getrandbits(64))
        discrepancy = report_rng.choice(kinds) if report_rng.random() < DISCREPANCY_RATE else None
        writer = _Writer(agency, series[agency.name], year, report_rng, discrepancy)
        text, expected = writer.write()
        if discrepancy is not None and writer.found is None:
            # the layout drawn has no place for this discrepancy: write the report without it
            writer = _Writer(agency, series[agency.name], year,
                             random.Random(report_rng.getrandbits(64)), None)
            text, expected = writer.write()
        html_page = writer.layout["html"]
        encoding = "utf-8"
        if not html_page:
            draw = report_rng.random()
            encoding = "gb18030" if draw < 0.04 else "utf-8-sig" if draw < 0.06 else "utf-8"
            writer.layout["crlf"] = report_rng.random() < 0.05
        writer.layout["encoding"] = encoding
        filename = f"{index:04d}-{agency.name}-{year}.{'html' if html_page else 'txt'}"
        expected["file"] = filename
        expected["synthetic"]["seed"] = seed
        reports.append(SynthReport(filename, text, expected, encoding))
    return reports


def write_corpus(directory: Path, n: int, seed: int = 1, expected: bool = True) -> list[Path]:
    """Write N reports (and, if asked, <stem>.expected.json beside each); the report paths.

    `fiscal-kg build DIR` reads only the *.txt and *.html files of the folder."""
    return _write(directory, generate(n, seed), expected)


def _write(directory: Path, reports: list[SynthReport], expected: bool) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in reports:
        path = directory / report.filename
        path.write_bytes(report.data)
        if expected:
            (directory / f"{path.stem}.expected.json").write_text(report.expected_json,
                                                                   encoding="utf-8")
        paths.append(path)
    return paths


# --- command line ---------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `fiscal-kg synth`."""
    parser.add_argument("n", type=int, metavar="N", help="number of reports")
    parser.add_argument("--out", type=Path, required=True, help="directory to write them to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--no-expected", dest="expected", action="store_false",
                        help="do not write <report>.expected.json beside each report")


def run(args: argparse.Namespace) -> int:
    """`fiscal-kg synth N --out DIR [--seed S] [--no-expected]`: write the corpus, print one line."""
    started = time.monotonic()
    reports = generate(args.n, args.seed)
    directory: Path = args.out
    _write(directory, reports, args.expected)
    agencies = {r.expected["agency"] for r in reports}
    years = sorted({r.expected["year"] for r in reports})
    figures = sum(len(r.expected["figures"]) for r in reports)
    span = f" ({years[0]}-{years[-1]})" if years else ""
    print(f"synth  {directory}: {len(reports)} report(s), {len(agencies)} agencies, "
          f"{len(years)} years{span}, {figures:,} figures in {time.monotonic() - started:.1f} s "
          f"(seed {args.seed})")
    return 0
