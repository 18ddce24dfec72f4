"""``errors_on``: a service's refusal shown on the form, and the code after the call skipped."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.forms import errors_on


class _Form(forms.Form):
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form({"name": "An"})
    assert form.is_valid()
    return form


def _run(form: _Form, exc: Exception | None) -> list[str]:
    steps = []
    with errors_on(form):
        steps.append("call")
        if exc is not None:
            raise exc
        steps.append("after")
    return steps


def test_a_validation_error_goes_on_its_field_and_the_rest_of_the_block_is_skipped() -> None:
    form = _bound()
    steps = _run(form, ValidationError({"name": "Tên đã có.", "other": "Sai ngày."}))
    assert steps == ["call"]
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Sai ngày."]


def test_an_application_error_goes_at_the_top_of_the_form() -> None:
    form = _bound()
    steps = _run(form, ConcurrentEditError("Bản ghi đã được người khác sửa."))
    assert steps == ["call"]
    assert form.non_field_errors() == ["Bản ghi đã được người khác sửa."]


def test_a_successful_call_runs_the_rest_of_the_block() -> None:
    form = _bound()
    assert _run(form, None) == ["call", "after"]
    assert not form.errors


def test_any_other_error_is_not_swallowed() -> None:
    form = _bound()
    try:
        _run(form, KeyError("x"))
    except KeyError:
        pass
    else:
        raise AssertionError("a programming error must not turn into a form error")
    assert not form.errors
    assert issubclass(ConcurrentEditError, ApplicationError)
