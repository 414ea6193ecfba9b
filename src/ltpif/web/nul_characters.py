"""NUL characters are refused at the door, wherever they come: no file path, plan text or
name holds one, PostgreSQL cannot store one, and the operating system stops at one."""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

# A JSON "\u0000" escape, not preceded by an escaped backslash ("\\u0000" is text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _in_fields(fields) -> bool:
    return any("\x00" in key + "".join(values) for key, values in fields.lists())


def _has_nul(request: HttpRequest) -> bool:
    if _in_fields(request.GET):
        return True
    if request.content_type == "application/json":
        return b"\x00" in request.body or _JSON_NUL.search(request.body) is not None
    return request.method == "POST" and _in_fields(request.POST)


class RefuseNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("no such page")
        if _has_nul(request):
            raise BadRequest("the request holds a NUL character, which no field may hold")
        return self.get_response(request)
