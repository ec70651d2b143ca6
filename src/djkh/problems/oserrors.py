"""What went wrong in an operating-system error, in the user's language, without `[Errno N]`."""

from __future__ import annotations

import errno
import os

from djkh.i18n import _


def _descriptions() -> dict[int, str]:
    """The errors a user meets reading or writing files, each said as in the user's language."""
    return {
        errno.ENOENT: _("no such file or folder"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("operation not permitted"),
        errno.ENOSPC: _("no space left on the device"),
        errno.EISDIR: _("is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.ENAMETOOLONG: _("the file name is too long"),
        errno.EROFS: _("the file system is read-only"),
        errno.EEXIST: _("the file already exists"),
        errno.ELOOP: _("too many levels of symbolic links"),
        errno.EDQUOT: _("disk quota exceeded"),
    }


def describe_os_error(err: BaseException) -> str:
    """An OSError as a user reads it; an errno not listed above as the system says it.

    Any other exception (a refusal that is already a sentence, a timeout) as its own text.
    """
    if not isinstance(err, OSError) or err.errno is None:
        return str(err) or type(err).__name__
    described = _descriptions().get(err.errno)
    if described is not None:
        return described
    return err.strerror or os.strerror(err.errno)
