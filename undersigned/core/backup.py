"""Backups of the database: SQLite's online backup API (consistent while the server runs),
or pg_dump/pg_restore for PostgreSQL. The data key (var/data_key or UNDERSIGNED_DATA_KEY)
is not in the backup: keep it apart, or the encrypted contact details cannot be read."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


class BackupError(Exception):
    pass


def _pg_env_and_args(settings_dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def backup(output: Path) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        tmp = output.with_suffix(output.suffix + ".part")
        connection.ensure_connection()
        with sqlite3.connect(tmp) as target:
            connection.connection.backup(target)
        tmp.replace(output)
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args(s)
        subprocess.run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(output), *args,  # noqa: S603
                        s["NAME"]], check=True, env=env, capture_output=True)
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")
    os.chmod(output, 0o600)
    return output


def restore(source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not an SQLite backup")
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_db:
            backup_db.backup(connection.connection)
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args(s)
        connections.close_all()
        result = subprocess.run(  # noqa: S603 - our own settings, no shell
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "-d", s["NAME"], *args, str(source)], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")
    else:
        raise BackupError(f"no restore for the {connection.vendor} database")
