"""Refusing an over-large upload of actuals before it is written to disk.

Django reads a multipart body into temporary files before any view runs (the CSRF check reads
the form). This handler, first in FILE_UPLOAD_HANDLERS, stops reading a file part once the
request is larger than ACTUALS_UPLOAD_MAX_BYTES (plus the form's own few bytes): the fields
before it (the CSRF token, the format) are kept, the rest of the body is read and dropped,
and the view says the file is too large. Smaller uploads pass to Django's own handlers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

SLACK = 64 * 1024  # the multipart body's boundaries, headers and other fields


def over_limit(content_length: int) -> bool:
    return content_length > settings.ACTUALS_UPLOAD_MAX_BYTES + SLACK


class SizeLimit(FileUploadHandler):
    too_big = False
    seen = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_big = over_limit(content_length or 0)
        self.seen = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.too_big:
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.seen += len(raw_data)
        if self.seen > settings.ACTUALS_UPLOAD_MAX_BYTES + SLACK:
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
