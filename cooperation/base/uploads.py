"""The one check for uploaded documents, used by every app: name, size and content.

The name alone proves nothing, so the first bytes must match the type the name claims; the
directory part a browser may send is dropped and only plain names are accepted.
"""

import re
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"  # docx, xlsx, pptx, odt and ods are zip containers
# suffix → (accepted first bytes, content type served on download)
DOCUMENT_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".pdf": ((b"%PDF-",), "application/pdf"),
    ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".docx": ((ZIP,), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ((ZIP,), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ((ZIP,), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ((ZIP,), "application/vnd.oasis.opendocument.text"),
    ".ods": ((ZIP,), "application/vnd.oasis.opendocument.spreadsheet"),
}
SAFE_FILE_NAME = re.compile(r"^[\w\-. ()äöåÄÖÅ]{1,120}$")


def check_upload(uploaded, *, allowed: Iterable[str] = tuple(DOCUMENT_TYPES)) -> str:
    """Raise ValidationError({"file": …}) for a bad upload; return the content type of a good one."""
    allowed = [suffix for suffix in allowed if suffix in DOCUMENT_TYPES]
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    if not SAFE_FILE_NAME.match(name) or name.startswith("."):
        raise ValidationError({"file": _("The file name may contain only letters, digits, spaces and . - _ ( ).")})
    if suffix not in allowed:
        types = ", ".join(dict.fromkeys(s.lstrip(".").upper() for s in allowed))
        raise ValidationError({"file": _("Accepted file types: %(types)s.") % {"types": types}})
    if uploaded.size > settings.PORTAL_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large: at most %(mb)s MB.")
                               % {"mb": settings.PORTAL_UPLOAD_MAX_BYTES // (1024 * 1024)}})
    if uploaded.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    magics, content_type = DOCUMENT_TYPES[suffix]
    if not head.startswith(magics):
        raise ValidationError({"file": _("The content of the file does not match its type (%(suffix)s).")
                               % {"suffix": suffix}})
    return content_type
