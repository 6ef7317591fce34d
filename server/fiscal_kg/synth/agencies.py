"""The agencies the reports are of: the kinds of agency (财政, 教育, … and public institutions
without 机关运行经费), the regions of the gazetteer they are in, and an agency's standing traits."""

from __future__ import annotations

from dataclasses import dataclass, field

from fiscal_kg.pipeline.gazetteer import load_gazetteer

FIRST_YEAR, LAST_YEAR = 2015, 2024  # the years reports are generated for

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Kind:
    key: str
    names: dict[str, str]  # level (province, municipality, prefecture, county) -> name suffix
    institution: bool  # a public institution: 事业收入, no 机关运行经费, 二级预算单位
    functional: tuple[str, ...]  # functional classes (类) of its general-budget expenditure
    scale: tuple[float, float]  # total income at province level, yuan
    duties: tuple[str, ...]
    units: tuple[str, ...]  # internal units; {u} is 处, 科 or 股 by level
    first_year: int = FIRST_YEAR


_COMMON = ("208", "210", "221")
KINDS: tuple[Kind, ...] = (
    Kind("finance", {"province": "财政厅", "municipality": "财政局", "prefecture": "财政局",
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
    Kind("education", {"province": "教育厅", "municipality": "教育委员会", "prefecture": "教育局",
                        "county": "教育局"}, False, ("205", *_COMMON), (8e8, 4e9), (
        "贯彻执行国家教育方针政策，拟订{area}教育改革与发展规划。",
        "负责{area}各级各类教育的统筹规划和协调管理。",
        "负责{area}义务教育均衡发展和教育督导工作。",
        "负责{area}教师队伍建设和教育系统人才工作。",
        "负责{area}学生资助和教育经费统计工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "政策法规{u}", "发展规划{u}", "基础教育{u}", "职业教育{u}", "教师工作{u}",
        "财务{u}", "体育卫生与艺术教育{u}", "学生资助管理{u}", "人事{u}")),
    Kind("health", {"province": "卫生健康委员会", "municipality": "卫生健康委员会",
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
    Kind("transport", {"province": "交通运输厅", "municipality": "交通委员会",
                        "prefecture": "交通运输局", "county": "交通运输局"}, False,
          ("214", *_COMMON), (1e9, 6e9), (
        "贯彻执行国家交通运输方针政策，拟订{area}综合交通运输发展规划。",
        "负责{area}公路、水路行业管理和运输市场监管。",
        "负责{area}交通运输基础设施建设和维护管理。",
        "负责{area}交通运输安全生产监督管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "综合规划{u}", "财务审计{u}", "建设管理{u}", "运输服务{u}", "安全监督{u}",
        "科技信息{u}", "法制{u}", "人事教育{u}")),
    Kind("audit", {"province": "审计厅", "municipality": "审计局", "prefecture": "审计局",
                    "county": "审计局"}, False, ("201", *_COMMON), (6e7, 2e8), (
        "贯彻执行审计工作方针政策，拟订{area}审计工作规划。",
        "对本级预算执行情况、决算草案以及其他财政收支情况进行审计监督。",
        "对国有企业和国有资本占控股地位企业的财务收支进行审计监督。",
        "组织实施领导干部经济责任审计和自然资源资产离任审计。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "法规审理{u}", "财政审计{u}", "行政事业审计{u}", "农业农村审计{u}",
        "固定资产投资审计{u}", "经济责任审计{u}", "电子数据审计{u}", "人事教育{u}")),
    Kind("office", {"province": "人民政府办公厅", "municipality": "人民政府办公厅",
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
    Kind("police", {"province": "公安厅", "municipality": "公安局", "prefecture": "公安局"},
          False, ("204", *_COMMON), (6e8, 3e9), (
        "贯彻执行国家公安工作方针政策，部署{area}公安工作。",
        "掌握影响稳定、危害国内安全和社会治安的情况，分析形势，制定对策。",
        "依法组织指导侦查工作，协调处置重大案件、治安事故和骚乱。",
        "依法管理户籍、居民身份证、枪支弹药、危险物品和特种行业。",
        "负责{area}道路交通安全管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "指挥中心", "政治部", "警务保障{u}", "治安管理{u}", "刑事侦查{u}",
        "出入境管理{u}", "法制{u}", "科技信息化{u}")),
    Kind("agriculture", {"province": "农业农村厅", "municipality": "农业农村局",
                          "prefecture": "农业农村局", "county": "农业农村局"}, False,
          ("213", *_COMMON), (4e8, 2e9), (
        "统筹研究和组织实施{area}“三农”工作的发展战略、中长期规划和重大政策。",
        "负责{area}种植业、畜牧业、渔业和农业机械化等农业各产业的监督管理。",
        "负责{area}农产品质量安全监督管理工作。",
        "负责{area}农田建设和耕地质量管理工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "发展规划{u}", "计划财务{u}", "种植业管理{u}", "畜牧兽医{u}", "农田建设管理{u}",
        "农产品质量安全监管{u}", "乡村产业发展{u}", "人事{u}"), first_year=2018),
    Kind("civil", {"province": "民政厅", "municipality": "民政局", "prefecture": "民政局",
                    "county": "民政局"}, False, ("208", "201", "210", "221"), (3e8, 1.5e9), (
        "贯彻执行民政工作方针政策，拟订{area}民政事业发展规划。",
        "负责{area}社会组织登记管理和执法监督工作。",
        "负责{area}最低生活保障、特困人员救助供养和临时救助工作。",
        "负责{area}养老服务体系建设和儿童福利工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "社会组织管理{u}", "社会救助{u}", "基层政权建设{u}", "养老服务{u}",
        "儿童福利{u}", "规划财务{u}", "人事{u}")),
    Kind("water", {"province": "水利厅", "municipality": "水务局", "prefecture": "水利局",
                    "county": "水利局"}, False, ("213", *_COMMON), (5e8, 2.5e9), (
        "负责保障{area}水资源的合理开发利用，拟订水利战略规划和政策。",
        "负责{area}水资源管理和节约用水工作。",
        "负责{area}水利工程建设和运行管理。",
        "负责{area}水旱灾害防御的组织、协调和指导工作。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "规划计划{u}", "财务审计{u}", "水资源管理{u}", "建设管理{u}", "运行管理{u}",
        "河湖管理{u}", "水旱灾害防御{u}", "人事{u}")),
    Kind("statistics", {"province": "统计局", "municipality": "统计局", "prefecture": "统计局",
                         "county": "统计局"}, False, ("201", *_COMMON), (5e7, 1.5e8), (
        "贯彻执行国家统计法律法规，拟订{area}统计工作规划。",
        "组织实施{area}人口、经济、农业等重大国情国力普查。",
        "组织实施{area}国民经济核算和统计调查工作。",
        "负责{area}统计数据质量管理和统计执法检查。",
        "承办{gov}交办的其他事项。",
    ), ("办公室", "综合{u}", "国民经济核算{u}", "工业交通统计{u}", "农村统计{u}",
        "人口和就业统计{u}", "统计执法监督{u}", "人事{u}")),
    Kind("library", {"province": "图书馆", "municipality": "图书馆", "prefecture": "图书馆",
                      "county": "图书馆"}, True, ("207", "208", "210", "221"), (4e7, 1.5e8), (
        "负责{area}公共图书文献的采集、编目、典藏和借阅服务。",
        "组织开展全民阅读推广活动。",
        "负责地方文献和古籍的收集、整理与保护。",
        "开展数字图书馆建设和公共数字文化服务。",
        "指导下级公共图书馆业务工作。",
    ), ("办公室", "采编部", "借阅部", "参考咨询部", "地方文献部", "数字资源部", "少儿部",
        "典藏部")),
    Kind("cdc", {"province": "疾病预防控制中心", "municipality": "疾病预防控制中心",
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


FUNCTIONAL: dict[str, tuple[str, str, str]] = {
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


@dataclass(frozen=True)
class Region:
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


def load_regions() -> list[Region]:
    regions = []
    for place in load_gazetteer().places:
        if place.level == "country":
            continue
        level = "municipality" if place.name in _MUNICIPALITIES else place.level
        regions.append(Region(place.code, place.name, level))
    return regions


@dataclass
class Agency:
    name: str
    region: Region
    kind: Kind
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

