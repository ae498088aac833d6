"""The console script, as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "undersigned.cli", *args], cwd=REPO,
                          capture_output=True, text=True, env=env, timeout=120)


def test_help_lists_the_commands():
    result = _run("--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "createcoordinator", "demo"):
        assert f"  {command} " in result.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "undersigned"
    assert script.exists()
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "createcoordinator" in result.stdout


@pytest.mark.django_db
def test_createcoordinator_prints_a_login_that_works(capsys):
    from django.contrib.auth import authenticate
    from django.core.management import call_command

    call_command("createcoordinator", "maria")
    out = capsys.readouterr().out
    password = out.split("password ")[1].strip()
    assert authenticate(username="maria", password=password) is not None
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="exists already"):
        call_command("createcoordinator", "maria")
