"""Output files and directories, checked before any computation and written so that
nothing the user had is lost: an existing path is replaced only with ``--force``, and
only once the new content is complete (written beside it, then renamed over it).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import InputError

__all__ = ["STDOUT", "check_outputs", "check_output_file", "check_output_dir", "write_text", "atomic_file",
           "atomic_dir", "PLOT_FORMATS"]

#: The path that means standard output.
STDOUT = Path("-")

PLOT_FORMATS = (".png", ".pdf", ".svg", ".eps")


def _writable_dir(directory: Path, option: str, path: Path) -> None:
    if not directory.is_dir():
        raise InputError(f"{option} {path}: the directory {directory} does not exist")
    try:
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise InputError(f"{option} {path}: cannot write in {directory} ({exc.strerror or exc})") from None


def check_output_file(path: Path | None, *, option: str, force: bool, stdout: bool = False,
                      formats: tuple = ()) -> Path | None:
    """``path`` validated for writing a file (``-`` is standard output where ``stdout`` allows it)."""
    if path is None:
        return None
    path = Path(path)
    if path == STDOUT:
        if not stdout:
            raise InputError(f"{option} -: this output cannot go to standard output; name a file")
        return STDOUT
    if formats and path.suffix.lower() not in formats:
        raise InputError(f"{option} {path}: the file name must end in one of {', '.join(formats)} "
                         f"(it decides the format)")
    if path.is_dir():
        raise InputError(f"{option} {path} is a directory; name a file")
    if path.exists() and not force:
        raise InputError(f"{path} exists; refusing to overwrite it (use --force or another name)")
    _writable_dir(path.parent if str(path.parent) else Path("."), option, path)
    return path


def check_output_dir(path: Path, *, option: str, force: bool) -> Path:
    """``path`` validated for writing a directory of results."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{option} {path} is a file, not a directory; name a directory")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise InputError(f"{option} {path} exists and is not empty; refusing to overwrite it "
                         f"(use --force or another directory)")
    _writable_dir(path.resolve().parent, option, path)
    return path


def check_outputs(*named) -> None:
    """No two of the given ``(option, path)`` outputs may be the same file."""
    seen = {}
    for option, path in named:
        if path is None or path == STDOUT:
            continue
        key = Path(os.path.abspath(path))
        if key in seen:
            raise InputError(f"{seen[key]} and {option} name the same file {path}; give each its own")
        seen[key] = option


@contextlib.contextmanager
def atomic_file(path: Path, mode: str = "w", **options):
    """A file object whose content replaces ``path`` only when the block ends without error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.",
                               suffix=path.suffix)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        with open(tmp, mode, **options) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    """``text`` to ``path`` (standard output for ``-``), atomically."""
    if Path(path) == STDOUT:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    with atomic_file(path) as fh:
        fh.write(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_dir(path: Path, *, replace: bool = False):
    """A fresh directory that becomes ``path`` when the block ends without error; an interrupted
    block leaves nothing behind.  An existing non-empty ``path`` is replaced (then, not before)
    only if ``replace``; otherwise the finished directory is kept under its temporary name."""
    path = Path(path)
    parent = path.resolve().parent
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.partial-"))
    os.chmod(tmp, 0o777 & ~_umask())
    try:
        yield tmp
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        if path.exists() and not replace:
            raise InputError(f"{path} appeared while this run was writing; its results are in {tmp}")
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.old-"))
            os.replace(path, old / path.name)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except InputError:
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
