"""The API's refusals in Vietnamese (non-negotiable 3: bad input gets a clear Vietnamese error).

django-ninja answers a body or parameter that does not fit the schema with pydantic's English messages
("Input should be a valid integer"), a body that is not JSON with "Cannot parse request body" and a
missing or out-of-area object with "Not Found". The shape stays what clients read (for 422,
``{"detail": [{"type", "loc", "msg", ...}]}``): only ``msg`` is rewritten from the error ``type``, and a
type not listed gets a general Vietnamese sentence.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

NOT_JSON = "Nội dung gửi lên không phải JSON hợp lệ."
NOT_FOUND = "Không tìm thấy, hoặc không thuộc phạm vi địa bàn của bạn."
_ISO_TIME = "theo định dạng ISO 8601 (yyyy-mm-ddThh:mm:ss+07:00)"

_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "extra_forbidden": "Trường này không được nhận.",
    "string_type": "Phải là một chuỗi ký tự.",
    "string_unicode": "Chuỗi ký tự chứa ký tự Unicode không hợp lệ.",
    "string_too_short": "Cần ít nhất {min_length} ký tự.",
    "string_too_long": "Dài quá {max_length} ký tự.",
    "string_pattern_mismatch": "Không đúng định dạng.",
    "int_type": "Phải là một số nguyên.",
    "int_parsing": "Phải là một số nguyên.",
    "int_from_float": "Phải là một số nguyên, không có phần thập phân.",
    "int_parsing_size": "Số quá lớn.",
    "float_type": "Phải là một số.",
    "float_parsing": "Phải là một số.",
    "finite_number": "Phải là một số hữu hạn (không nhận NaN hay Infinity).",
    "decimal_type": "Phải là một số.",
    "decimal_parsing": "Phải là một số.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Không được nhỏ hơn {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Không được lớn hơn {le}.",
    "date_type": "Phải là một ngày theo định dạng yyyy-mm-dd.",
    "date_parsing": "Không phải ngày hợp lệ theo định dạng yyyy-mm-dd.",
    "date_from_datetime_parsing": "Không phải ngày hợp lệ theo định dạng yyyy-mm-dd.",
    "date_from_datetime_inexact": "Phải là một ngày, không kèm giờ.",
    "datetime_type": f"Phải là thời điểm {_ISO_TIME}.",
    "datetime_parsing": f"Không phải thời điểm hợp lệ {_ISO_TIME}.",
    "datetime_from_date_parsing": f"Không phải thời điểm hợp lệ {_ISO_TIME}.",
    "literal_error": "Giá trị không có trong danh mục; nhận: {expected}.",
    "enum": "Giá trị không có trong danh mục; nhận: {expected}.",
    "list_type": "Phải là một danh sách.",
    "too_long": "Danh sách có quá {max_length} phần tử.",
    "too_short": "Danh sách cần ít nhất {min_length} phần tử.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": NOT_JSON,
    "value_error": "{error}",
}
_GENERAL = "Giá trị không hợp lệ."


def message(error: dict[str, Any]) -> str:
    """The Vietnamese sentence for one pydantic error."""
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _GENERAL
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    if error.get("type") == "value_error":  # raised by our own validators, already in Vietnamese
        return str(error.get("msg", "")).removeprefix("Value error, ") or _GENERAL
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return _GENERAL


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = []
        for error in exc.errors:
            item = {k: v for k, v in error.items() if k != "input"}  # never echo a huge or hostile value
            item["msg"] = message(error)
            if "ctx" in item:
                item["ctx"] = {k: str(v) for k, v in item["ctx"].items()}
            detail.append(item)
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        text = NOT_JSON if str(exc.message).startswith("Cannot parse request body") else exc.message
        return api.create_response(request, {"detail": text}, status=exc.status_code)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)
