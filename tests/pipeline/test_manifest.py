"""The build manifest: the CSV read with the csv module, every cell checked (the credit code by
its check digit), each problem with its line and column; an identity given beside a text."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiscal_kg.errors import ManifestError
from fiscal_kg.licences import CC_BY_4_0, common_licence, describe_licence
from fiscal_kg.pipeline.credit_code import CHARSET, WEIGHTS, check_character, credit_code_problem
from fiscal_kg.pipeline.extract import extract_report
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.manifest import COLUMNS, read_manifest
from fiscal_kg.pipeline.records import Identity, Publication
from fiscal_kg.pipeline.text import SourceText

# Government bodies (1: registered by the establishment authority, 1: 机关) of 鄂州市 and of 湖北省;
# the check digits computed with GB 32100-2015's weights
EZHOU_OFFICE = "11420700MB1575827T"
HUBEI_FINANCE = "11420000MB1536450M"
HEADER = ",".join(COLUMNS)


def write(folder: Path, text: str, name: str = "manifest.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "reports" / name).write_text("报告", encoding="utf-8")
    return tmp_path


# --- the unified social credit code ---------------------------------------------------------


def test_the_weights_are_powers_of_three_mod_31() -> None:
    assert list(WEIGHTS) == [3 ** i % 31 for i in range(17)]
    assert len(CHARSET) == 31 and not set("IOZSV") & set(CHARSET)


@pytest.mark.parametrize("code", [EZHOU_OFFICE, HUBEI_FINANCE,
                                  "91350100M000100Y43"])  # the example of GB 32100-2015
def test_a_code_with_its_check_digit_is_accepted(code: str) -> None:
    assert check_character(code[:17]) == code[17]
    assert credit_code_problem(code) is None


def test_every_other_check_digit_is_refused() -> None:
    wrong = [char for char in CHARSET if credit_code_problem(EZHOU_OFFICE[:17] + char)]
    assert len(wrong) == 30 and "T" not in wrong


@pytest.mark.parametrize(("code", "words"), [
    (EZHOU_OFFICE[:17], "18 characters"),
    (EZHOU_OFFICE[:16] + "IT", "'I'"),  # I, O, Z, S and V are never used
    ("11MB0700MB1575827T", "six digits"),  # 3-8 are a division code
    (EZHOU_OFFICE[:17] + "0", "check digit"),
])
def test_a_malformed_code_says_what_is_wrong(code: str, words: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None and words in problem


# --- reading a manifest -----------------------------------------------------------------------


def test_every_column_read(folder: Path) -> None:
    path = write(folder, f"{HEADER}\n"
                         f"reports/a.txt,鄂州市人民政府办公室,2018,420700,{EZHOU_OFFICE.lower()},"
                         "https://www.ezhou.gov.cn/a.html,cc-by-4.0\n"
                         "reports/b.txt,,２０１９年,,,,http://creativecommons.org/licenses/by/4.0/legalcode\n")
    manifest = read_manifest(path)
    first, second = manifest.entries
    assert (first.file, first.line) == ((folder / "reports/a.txt").resolve(), 2)
    assert first.identity == Identity("鄂州市人民政府办公室", 2018, "420700")
    assert first.publication == Publication(EZHOU_OFFICE, "https://www.ezhou.gov.cn/a.html",
                                            CC_BY_4_0.url)
    # width-normalised, 年 dropped; a licence's other address is the licence
    assert second.identity == Identity(None, 2019, None)
    assert second.publication == Publication(None, None, CC_BY_4_0.url)
    assert manifest.entry_for(folder / "reports" / ".." / "reports" / "b.txt") == second
    assert manifest.entry_for(folder / "reports" / "c.txt") is None


def test_only_the_file_column_is_required_in_any_order(folder: Path) -> None:
    path = write(folder, "Licence , FILE\nhttps://example.org/terms,reports/a.txt\n")
    [entry] = read_manifest(path).entries
    assert entry.identity == Identity()
    assert entry.publication == Publication(licence="https://example.org/terms")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_spreadsheet_encodings_are_read(folder: Path, encoding: str) -> None:
    path = write(folder, "file,agency\nreports/a.txt,鄂州市人民政府办公室\n", encoding=encoding)
    assert read_manifest(path).entries[0].identity.agency == "鄂州市人民政府办公室"


@pytest.mark.parametrize(("rows", "line", "field", "words"), [
    ("file,agency,colour\nreports/a.txt,,red\n", 1, "colour", "unknown column"),
    ("agency\n鄂州市人民政府办公室\n", 1, "file", "no column 'file'"),
    ("file,file\nreports/a.txt,reports/b.txt\n", 1, "file", "named twice"),
    (f"{HEADER}\n,x,,,,,\n", 2, "file", "no file"),
    (f"{HEADER}\nreports/c.txt,,,,,,\n", 2, "file", "no such report file"),
    (f"{HEADER}\nreports/a.txt,,,,,,\nreports/../reports/a.txt,,,,,,\n", 3, "file", "line 2"),
    (f"{HEADER}\nreports/a.txt,,20x9,,,,\n", 2, "year", "not a fiscal year"),
    (f"{HEADER}\nreports/a.txt,,1989,,,,\n", 2, "year", "not a fiscal year"),
    (f"{HEADER}\nreports/a.txt,,2999,,,,\n", 2, "year", "not a fiscal year"),
    (f"{HEADER}\nreports/a.txt,,,4207,,,\n", 2, "region_code", "six digits"),
    (f"{HEADER}\nreports/a.txt,,,429999,,,\n", 2, "region_code", "not a division"),
    (f"{HEADER}\nreports/a.txt,,,,{EZHOU_OFFICE[:17]}X,,\n", 2, "credit_code", "check digit"),
    (f"{HEADER}\nreports/a.txt,,,,,ftp://example.org/a.txt,\n", 2, "source_url",
     "only http and https"),
    (f"{HEADER}\nreports/a.txt,,,,,www.example.org/a.txt,\n", 2, "source_url",
     "only http and https"),
    (f"{HEADER}\nreports/a.txt,,,,,https://example.org/a b.txt,\n", 2, "source_url",
     "not a valid IRI"),
    (f"{HEADER}\nreports/a.txt,,,,,,MIT\n", 2, "licence", "CC-BY-4.0"),
    (f"{HEADER}\nreports/a.txt,,,,,,javascript:alert(1)\n", 2, "licence", "URL"),
    (f"{HEADER}\nreports/a.txt,局,,,{EZHOU_OFFICE},,\nreports/b.txt,局,,,{HUBEI_FINANCE},,\n",
     3, "credit_code", EZHOU_OFFICE),
    (f"{HEADER}\nreports/a.txt,,,,,,,extra\n", 2, None, "more cells"),
    ("", 1, None, "empty"),
    (f"{HEADER}\n", 1, None, "lists no report"),
])
def test_a_bad_manifest_names_the_line_and_the_column(
        folder: Path, rows: str, line: int, field: str | None, words: str) -> None:
    path = write(folder, rows)
    with pytest.raises(ManifestError) as raised:
        read_manifest(path)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.field) == (path, line, field)
    assert words in problem.problem
    assert str(raised.value).endswith("nothing was built; the store was left as it was")


def test_every_problem_is_reported_at_once(folder: Path) -> None:
    path = write(folder, f"{HEADER}\n"
                         f"reports/a.txt,,20x9,4207,{EZHOU_OFFICE[:17]}X,ftp://x/a,\n"
                         "reports/c.txt,,,,,,MIT\n")
    with pytest.raises(ManifestError) as raised:
        read_manifest(path)
    assert [(p.line, p.field) for p in raised.value.problems] == [
        (2, "year"), (2, "region_code"), (2, "credit_code"), (2, "source_url"),
        (3, "file"), (3, "licence")]


def test_missing_files_may_be_allowed(folder: Path) -> None:
    """Files named on the command line are built; the manifest's other rows need no file."""
    path = write(folder, "file\nreports/c.txt\n")
    assert [e.file.name for e in read_manifest(path, files_must_exist=False).entries] == ["c.txt"]


def test_no_licence_in_common_unless_all_state_the_same() -> None:
    url = CC_BY_4_0.url
    assert common_licence([url, url]) == url
    assert common_licence([url, None]) is None
    assert common_licence([url, "https://example.org/terms"]) is None
    assert describe_licence("https://example.org/terms").name is None


# --- an identity given beside the text ---------------------------------------------------------

TEXT = "鄂州市测试局2019年部门决算\n一、人员基本情况\n编制人数10名。\n"


def extract(text: str, given: Identity | None) -> tuple[str, int, str | None, Identity | None]:
    report = extract_report(SourceText.from_string(text, "test.txt"), load_gazetteer(), given)
    return (report.agency.name, report.fiscal_year, report.agency.region_code,
            report.text_identity)


def test_the_given_identity_wins_and_the_text_s_is_kept() -> None:
    assert extract(TEXT, None) == ("鄂州市测试局", 2019, "420700", None)
    assert extract(TEXT, Identity("武汉市测试局", 2020, "420100")) == (
        "武汉市测试局", 2020, "420100", Identity("鄂州市测试局", 2019, "420700"))


def test_only_the_parts_given_are_kept_to_compare() -> None:
    """The region of a given name is that name's place; the text's is not compared with it."""
    assert extract(TEXT, Identity(agency="武汉市测试局")) == (
        "武汉市测试局", 2019, "420100", Identity("鄂州市测试局", None, None))
    assert extract(TEXT, Identity(fiscal_year=2019)) == (
        "鄂州市测试局", 2019, "420700", Identity(None, 2019, None))


def test_a_text_without_agency_or_year_is_read_with_the_given_ones() -> None:
    body = "一、人员基本情况\n编制人数10名。\n"
    assert extract(body, Identity("鄂州市测试局", 2019)) == (
        "鄂州市测试局", 2019, "420700", Identity(None, None, None))
