"""Operating-system errors read in the user's language, without Python's `[Errno N]`."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from djkh import i18n
from djkh.problems.oserrors import describe_os_error


def test_a_common_error_is_said_without_its_number() -> None:
    assert describe_os_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) == (
        "no space left on the device"
    )


def test_a_common_error_is_said_in_chinese(chinese: None) -> None:
    said = {
        code: describe_os_error(OSError(code, os.strerror(code)))
        for code in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EISDIR, errno.ENAMETOOLONG)
    }
    assert said == {
        errno.ENOENT: "没有这个文件或文件夹",
        errno.EACCES: "没有权限",
        errno.ENOSPC: "设备上没有剩余空间",
        errno.EISDIR: "这是一个文件夹",
        errno.ENAMETOOLONG: "文件名太长",
    }


def test_an_unlisted_error_falls_back_to_the_system_text() -> None:
    assert describe_os_error(OSError(errno.EBUSY, "Device or resource busy")) == (
        "Device or resource busy"
    )
    assert describe_os_error(OSError(errno.EBUSY, None)) == os.strerror(errno.EBUSY)


def test_every_listed_error_is_translated(chinese: None) -> None:
    for code in (errno.EPERM, errno.ENOTDIR, errno.EROFS, errno.EEXIST, errno.ELOOP, errno.EDQUOT):
        i18n.use("en")
        english = describe_os_error(OSError(code, "x"))
        i18n.use("zh")
        assert describe_os_error(OSError(code, "x")) not in (english, "x")


def test_other_exceptions_keep_their_text() -> None:
    assert describe_os_error(subprocess.TimeoutExpired(["git"], 60)) == (
        "Command '['git']' timed out after 60 seconds"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_device_is_said_in_chinese(djkh, chinese) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import EXAMPLES

    run = djkh("score", str(EXAMPLES), "-o", "/dev/full")
    assert (run.code, run.stderr) == (1, "djkh：未写入：设备上没有剩余空间\n")
