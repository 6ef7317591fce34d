"""The pages' own words in Chinese and English (data labels come from the graph)."""

from __future__ import annotations

from flask import request

from fiscal_kg.web.presentation.linking import LANGUAGES

WORDS: dict[str, dict[str, str]] = {
    "types": {"zh": "类型", "en": "Types"},
    "blank_node": {"zh": "（空白节点）", "en": "(a blank node)"},
    "in_sparql": {"zh": "SPARQL中的写法", "en": "In SPARQL"},
    "query_name": {"zh": "名称", "en": "Name"},
    "build": {"zh": "构建", "en": "Build"},
    "ontology": {"zh": "本体（类与属性）", "en": "The ontology (classes and properties)"},
    "service_description": {"zh": "SPARQL服务描述", "en": "SPARQL service description"},
    "void_title": {"zh": "VoID数据集描述", "en": "VoID description"},
    "dataset": {"zh": "数据集", "en": "Dataset"},
    "identifier": {"zh": "标识符", "en": "Identifier"},
    "downloads": {"zh": "下载", "en": "Downloads"},
    "licence": {"zh": "许可", "en": "Licence"},
    "file": {"zh": "文件", "en": "File"},
    "bytes": {"zh": "大小（字节）", "en": "Size (bytes)"},
    "query_lists": {"zh": "查询内容", "en": "What it lists"},
    "query_results": {"zh": "结果", "en": "Results"},
    "query_text": {"zh": "查询语句", "en": "The query"},
    "open_in_editor": {"zh": "在查询页打开", "en": "open in the query page"},
    "cookbook": {"zh": "入门：研究者最先问的问题", "en": "Cookbook: the questions researchers ask first"},
    "more_queries": {"zh": "其他常用查询", "en": "More stored queries"},
    "queries_intro": {"zh": "每个查询都有自己的网页和 .json、.csv 结果，命令行为 fiscal-kg query 名称。",
                      "en": "Each query has its own page and its results as .json and .csv; on the "
                            "command line, fiscal-kg query NAME."},
    "example_query": {"zh": "示例查询", "en": "Example query"},
    "run_example": {"zh": "在查询页运行", "en": "Run it on the query page"},
    "classes": {"zh": "类", "en": "Classes"},
    "vocabulary_properties": {"zh": "属性", "en": "Properties"},
    "domain": {"zh": "定义域（主语的类）", "en": "Domain (class of the subject)"},
    "range": {"zh": "值域（宾语的类型）", "en": "Range (type of the value)"},
    "broader": {"zh": "上位", "en": "Broader"},
    "properties": {"zh": "属性", "en": "Properties"},
    "inverse": {"zh": "被引用", "en": "Linked from"},
    "validation": {"zh": "校验结果", "en": "Validation results"},
    "source": {"zh": "原文出处", "en": "Source"},
    "in_report": {"zh": "出自报告", "en": "In the report"},
    "line": {"zh": "行", "en": "line"},
    "amount": {"zh": "数值", "en": "Value"},
    "charts": {"zh": "构成", "en": "Breakdowns"},
    "table": {"zh": "数据表", "en": "Table"},
    "item": {"zh": "项目", "en": "Item"},
    "stated_total": {"zh": "报告所列合计", "en": "stated total"},
    "parts_sum": {"zh": "各项之和", "en": "sum of the parts"},
    "not_adding_up": {"zh": "各项之和与合计不符", "en": "the parts do not add up to the total"},
    "page": {"zh": "页", "en": "page"},
    "previous": {"zh": "上一页", "en": "previous"},
    "next": {"zh": "下一页", "en": "next"},
    "formats": {"zh": "其他格式", "en": "Other formats"},
    "search": {"zh": "搜索", "en": "Search"},
    "search_hint": {"zh": "按中文或英文名称、统一社会信用代码查找",
                    "en": "Find by Chinese or English name, or unified social credit code"},
    "original": {"zh": "发布原文", "en": "The published original"},
    "no_licence": {"zh": "来源未声明许可", "en": "no licence stated by the source"},
    "results": {"zh": "结果", "en": "results"},
    "reports": {"zh": "报告", "en": "Reports"},
    "agencies": {"zh": "部门", "en": "Agencies"},
    "figures": {"zh": "数字", "en": "figures"},
    "triples": {"zh": "三元组", "en": "triples"},
    "queries": {"zh": "常用查询", "en": "Stored queries"},
    "vocabulary": {"zh": "词汇与代码表", "en": "Vocabulary and code lists"},
    "members": {"zh": "概念", "en": "Concepts"},
    "series": {"zh": "各报告所列数字", "en": "As each report states it"},
    "year": {"zh": "年度", "en": "Year"},
    "notation": {"zh": "代码", "en": "Code"},
    "label": {"zh": "名称", "en": "Name"},
    "definition": {"zh": "定义", "en": "Definition"},
    "other_years": {"zh": "各年度报告", "en": "Reports by year"},
    "all_reports": {"zh": "全部报告", "en": "All reports"},
    "catalog": {"zh": "数据目录", "en": "Catalogue"},
    "dumps": {"zh": "下载（全量导出）", "en": "Downloads (dumps)"},
    "outward": {"zh": "外部链接", "en": "Outward links"},
    "outward_via": {"zh": "经由", "en": "via"},
    "graph": {"zh": "命名图", "en": "Named graph"},
    "graph_note": {"zh": "这是一个命名图；以RDF格式获取可得其全部三元组。",
                   "en": "This is a named graph; its RDF forms carry all of its triples."},
    "intro": {"zh": "把各部门决算公开报告中的每一个数字变成可查询、可追溯到原文句子的关联数据。",
              "en": "Every figure of China's departmental final-accounts reports as linked data, "
                    "typed, in yuan, and traceable to the sentence it came from."},
    "self_description": {"zh": "自我描述", "en": "Self-descriptions"},
    "none_found": {"zh": "没有找到", "en": "Nothing found"},
    "value_note": {"zh": "报告声明为“无”", "en": "the report states there is none"},
    # query page
    "sparql_title": {"zh": "SPARQL查询", "en": "SPARQL query"},
    "sparql_endpoint": {"zh": "查询端点：", "en": "Endpoint: "},
    "sparql_protocol": {"zh": "（SPARQL 1.1 协议，GET 或 POST）。",
                        "en": " (SPARQL 1.1 Protocol; GET or POST)."},
    "sparql_union": {"zh": "默认图为全部图的并集。", "en": "The default graph is the union of all graphs."},
    "sparql_prefixes": {"zh": "以下等前缀已预先声明，无需写 PREFIX：",
                        "en": "Prefixes such as these are predeclared (no PREFIX needed): "},
    "sparql_query": {"zh": "查询语句", "en": "Query"},
    "sparql_run": {"zh": "运行", "en": "Run"},
    "sparql_link": {"zh": "本查询的链接", "en": "Link to this query"},
    "sparql_hint": {"zh": "编辑框中是第一个示例查询，点击“运行”即可执行，也可先修改。",
                    "en": "The editor holds the first example query: run it as it is, or change "
                          "it first."},
    "sparql_examples": {"zh": "示例：常用查询", "en": "Examples: the stored queries"},
    "query_failed": {"zh": "查询未能执行：", "en": "The query was not run:"},
    "error_position": {"zh": "第 {line} 行第 {column} 列：", "en": "line {line}, column {column}:"},
    "rows_one": {"zh": "共 {n} 行，用时 {ms} 毫秒", "en": "{n} row in {ms} ms"},
    "rows_many": {"zh": "共 {n} 行，用时 {ms} 毫秒", "en": "{n} rows in {ms} ms"},
    "row_limit_cut": {"zh": "——已在 {limit} 行的上限处截断，可能还有更多",
                      "en": "— cut at the row limit of {limit}: there may be more"},
    "answer_true": {"zh": "是（true）", "en": "true"},
    "answer_false": {"zh": "否（false）", "en": "false"},
}


def language() -> str:
    """The reader's language: ?lang=, else Accept-Language, else Chinese."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default="zh") or "zh"


def translate(key: str, lang: str) -> str:
    entry = WORDS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]
