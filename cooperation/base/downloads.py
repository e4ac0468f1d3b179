"""Files the portal serves are private to whoever asked: never stored by a browser or a proxy.

`PrivateDownloadsMiddleware` marks every file response (a PDF, a download with
Content-Disposition, an export, a calendar feed, any streamed file) `Cache-Control: private,
no-store`, so a shared computer's browser cache or a caching proxy keeps no copy of a
non-public agenda or report. One middleware rather than a header per view: a new download
view is covered without anyone remembering it.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils.cache import patch_cache_control

_FILE_TYPES = ("application/pdf", "application/octet-stream", "text/csv", "text/calendar",
               "application/vnd.", "application/zip")


def is_file_response(response) -> bool:
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return (isinstance(response, FileResponse) or response.has_header("Content-Disposition")
            or content_type.startswith(_FILE_TYPES))


class PrivateDownloadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_file_response(response):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
            if response.has_header("Expires"):
                del response["Expires"]
        return response
