"""Key files written atomically. No Django imports: settings.py uses it before Django is set up."""

import os
from pathlib import Path


def write_secret_file(path: Path, content: str) -> None:
    """Create ``path`` holding ``content`` atomically (mode 600): written to a temporary
    file, then linked into place, so no process ever sees it half-written; when another
    process got there first, its file stands."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
