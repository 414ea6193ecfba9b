import datetime as dt

import pytest

from ltpif.assurance.checks.narrative import ABOUT
from ltpif.assurance.findings import json_pointer, least_serious, worst
from ltpif.assurance.wording import amount, day
from ltpif.framework.loader import load_pack
from ltpif.plans.document import NARRATIVE_FIELDS


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ((), ""),
        (("commitments", 3, "clinical_lead"), "/commitments/3/clinical_lead"),
        (("values", "2020/21"), "/values/2020~121"),
        (("a~b",), "/a~0b"),
    ],
)
def test_json_pointer(path, pointer):
    assert json_pointer(path) == pointer


@pytest.mark.parametrize(
    ("a", "b", "less"),
    [("error", "query", "query"), ("info", "error", "info"), ("query", "query", "query")],
)
def test_least_serious(a, b, less):
    assert least_serious(a, b) == less


def test_worst():
    assert worst(["info", "query", "info"]) == "query"
    assert worst(["info", "error"]) == "error"
    assert worst([]) is None


@pytest.fixture(scope="module")
def pack():
    return load_pack()


@pytest.mark.parametrize(
    ("metric", "value", "text"),
    [
        ("adult-crisis-24-7-coverage", 0.8, "80%"),
        ("adult-crisis-24-7-coverage", 0.755, "75.5%"),
        ("mental-health-spend", 12.34, "£12.3m"),
        ("rtt-waiting-list", 12345, "12,345"),
        ("pcn-additional-roles-wte", 120.5, "120.5 WTE"),
        ("mh-crisis-pathway", 1, "yes"),
    ],
)
def test_amounts_read_as_planners_write_them(pack, metric, value, text):
    assert amount(pack.metric_by_id[metric], value) == text


@pytest.mark.parametrize(
    ("by", "year"),
    [
        ("2020/21", "2020/21"),
        (dt.date(2021, 4, 1), "2020/21"),
        (dt.date(2019, 7, 31), "2019/20"),
        ("2023/24", "2023/24"),
    ],
)
def test_due_year(pack, by, year):
    assert pack.due_year(by) == year


def test_day():
    assert day(dt.date(2019, 7, 31)) == "31 July 2019"


def test_every_narrative_field_says_what_it_is_about() -> None:
    assert set(ABOUT) == set(NARRATIVE_FIELDS)
