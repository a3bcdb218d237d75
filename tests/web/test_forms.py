"""Page forms read through their pydantic models (``web.forms``): a field that cannot be read
is refused naming the field, in both languages, in the words of the page it is on."""

from datetime import date
from typing import Any

import pytest

from mechanism.vocabulary import MilestoneKind, TaskSource
from mechanism.wording import in_language
from web.forms import FormRefused, PageForm, read_form
from web.pages.item_forms import (
    RaisedRequest,
    ReopenInputs,
    ReportForm,
    RequestForm,
    SatisfactionInputs,
)
from web.pages.task_forms import AssignForm, DecisionForm, EditForm, ExtensionForm, ProgressForm


def refused(model: type[PageForm], form: dict[str, Any], **context: object) -> FormRefused:
    with pytest.raises(FormRefused) as caught:
        read_form(model, {"csrf_token": "a-token", **form}, **context)
    return caught.value


# (form, fields sent, the field named, English, Chinese)
REFUSALS: list[tuple[type[PageForm], dict[str, Any], str, str, str]] = [
    (
        ProgressForm,
        {"progress": "lots"},
        "progress",
        "Progress: give a whole number from 0 to 100.",
        "进度：请填写0–100的整数。",
    ),
    (
        ProgressForm,
        {"progress": " "},
        "progress",
        "Progress: give a whole number from 0 to 100.",
        "进度：请填写0–100的整数。",
    ),
    (
        ExtensionForm,
        {"reason": "等设备"},  # no date at all
        "proposed_due",
        "New due date: give a date as YYYY-MM-DD.",
        "申请延至：日期格式应为YYYY-MM-DD。",
    ),
    (
        DecisionForm,
        {"decision": "maybe"},
        "decision",
        "Decision: choose approve or deny.",
        "审批：请选择同意或不同意。",
    ),
    (
        AssignForm,
        {"due": "25/12/2026"},
        "due",
        "Due date: give a date as YYYY-MM-DD.",
        "完成时限（日期）：日期格式应为YYYY-MM-DD。",
    ),
    (
        AssignForm,
        {"working_days": "many"},
        "working_days",
        "Working days: give a whole number.",
        "工作日数：请填写正整数。",
    ),
    (AssignForm, {"source": "rumour"}, "source", "Source: unknown value.", "来源：取值无效。"),
    (
        RaisedRequest,
        {"quantity": " lots ", "needed_by": "2027-01-01"},
        "quantity",
        "'lots' is not a number",
        "'lots' 不是数字",
    ),
    (
        RaisedRequest,
        {"quantity": "1e309", "needed_by": "2027-01-01"},
        "quantity",
        "'1e309' is too large; write a finite number",
        "'1e309' 超出数值范围，请填写有限的数字",
    ),
    (
        RaisedRequest,
        {"quantity": "nan", "needed_by": "2027-01-01"},
        "quantity",
        "'nan' is not a number",
        "'nan' 不是数字",
    ),
    (RaisedRequest, {"needed_by": "2027-01-01"}, "quantity", "'' is not a number", "'' 不是数字"),
    (
        RaisedRequest,
        {"quantity": "35", "needed_by": "2027-02-30"},
        "needed_by",
        "2027-02-30 does not exist: 2027-02 has 28 days",
        "日期 2027-02-30 不存在：2027年2月只有 28 天",
    ),
    (
        RaisedRequest,
        {"quantity": "35", "needed_by": "soon"},
        "needed_by",
        "'soon' is not a date (YYYY-MM-DD)",
        "'soon' 不是日期（格式为 YYYY-MM-DD）",
    ),
    (
        ReportForm,
        {"month": "2026-13", "month_investment": "5000"},
        "month",
        "month: '2026-13' is not a month like 2026-10",
        "'2026-13' 不是月份，应写作 2026-10 这样的格式",
    ),
    (
        ReportForm,
        {"month": "2026-10", "month_investment": "5000", "milestone_completion": "2026-10-32"},
        "milestone_completion",
        "2026-10-32 does not exist: 2026-10 has 31 days",
        "日期 2026-10-32 不存在：2026年10月只有 31 天",
    ),
    (
        ReportForm,
        {"month": "2026-10", "month_investment": "5000", "factor_type": "land"},
        "problems",
        "problems: describe the problem the request is about",
        "请说明诉求所针对的问题",
    ),
    (
        SatisfactionInputs,
        {"satisfaction": "great"},
        "satisfaction",
        "satisfaction: 'great' is not a whole number from 1 to 5",
        "'great' 不是 1 至 5 的整数",
    ),
]


@pytest.mark.parametrize(
    ("model", "form", "field", "english", "chinese"),
    REFUSALS,
    ids=[f"{r[0].__name__}-{r[2]}-{i}" for i, r in enumerate(REFUSALS)],
)
def test_a_field_that_cannot_be_read_is_refused_by_name_in_both_languages(
    model: type[PageForm], form: dict[str, Any], field: str, english: str, chinese: str
) -> None:
    refusal = refused(model, form)
    assert refusal.field == field
    assert in_language(refusal, "en") == english
    assert in_language(refusal, "zh-CN") == chinese


def test_the_first_field_refused_is_the_first_the_form_shows() -> None:
    refusal = refused(ReportForm, {"month": "soon", "month_investment": "lots"})
    assert refusal.field == "month"


def test_a_key_project_not_offered_is_refused_and_one_offered_is_taken() -> None:
    form = {"project": "LC2026-HCHEM-02", "quantity": "35", "needed_by": "2027-01-01"}
    refusal = refused(RequestForm, form, projects={"LC2026-HCHEM-01"})
    assert refusal.field == "project"
    assert in_language(refusal, "zh-CN") == "没有重点项目 'LC2026-HCHEM-02'"
    taken = read_form(
        RequestForm, {**form, "project": "LC2026-HCHEM-01"}, projects={"LC2026-HCHEM-01"}
    )
    assert taken.project == "LC2026-HCHEM-01" and taken.quantity == 35


def test_text_is_trimmed_and_a_blank_optional_field_is_not_given() -> None:
    read = read_form(ProgressForm, {"progress": " 70 ", "note": "   "})
    assert read.progress == 70 and read.note is None


def test_an_edit_form_tells_a_field_left_out_from_one_sent_blank() -> None:
    read = read_form(EditForm, {"title": "  ", "owner": " chang.yue@example.gov.cn "})
    assert read.title == ""  # sent blank: the service refuses it
    assert read.owner == "chang.yue@example.gov.cn"
    assert read.lead_department is None  # not on the form: stays as it is


def test_the_assign_form_reads_ticked_co_departments_and_defaults_to_a_meetings_task() -> None:
    read = read_form(AssignForm, {"title": "调研", "co:ZRJ": "1", "co:FGW": "1", "source": ""})
    assert read.co_departments == ("ZRJ", "FGW")
    assert read.source is TaskSource.MEETING
    assert read.start is None and read.due is None and read.working_days is None


def test_a_report_reads_the_milestones_reached_and_the_month_as_its_first_day() -> None:
    form = {"month": "2026-10", "month_investment": "5000", "milestone_completion": " "}
    read = read_form(ReportForm, {**form, "milestone_approvals": "2026-10-09"})
    assert read.month == date(2026, 10, 1)
    assert read.reached() == {MilestoneKind.APPROVALS: date(2026, 10, 9)}


def test_every_milestone_has_its_field_on_the_report_form() -> None:
    fields = set(ReportForm.model_fields)
    assert {f"milestone_{kind.value}" for kind in MilestoneKind} <= fields


def test_a_move_is_given_only_the_inputs_filled_in() -> None:
    assert read_form(SatisfactionInputs, {"satisfaction": ""}).model_dump(exclude_none=True) == {}
    reopened = read_form(ReopenInputs, {"reason": " 仍未供电 ", "satisfaction": "2"})
    assert reopened.model_dump(exclude_none=True) == {"reason": "仍未供电", "satisfaction": 2}
