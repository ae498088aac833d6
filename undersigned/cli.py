"""The ``undersigned`` console script: the project's own commands, with Django's behind them.

``undersigned import-letter ...`` runs the management command ``import_letter``; every
command of Django's ``manage.py`` works too (``undersigned migrate``)."""

import os
import re
import sys

# The project's commands, in the order ``undersigned --help`` lists them.
COMMANDS = {
    "serve": "serve the web application (gunicorn and a worker, or Django's server with --dev)",
    "worker": "run background work: mail, deliveries, mailbox reading, renders",
    "createcoordinator": "create a coordinator account and print its login",
    "demo": "load the demo letter with its sign-ons (idempotent)",
    "import-letter": "read a published letter (txt, md, html, docx) and its signatory list",
    "import-signons": "import a sign-on sheet (CSV or XLSX export of a form)",
    "match-names": "find the names in a list that denote one organisation",
    "render": "render a published letter file as PDF, DOCX, HTML, Markdown, text ...",
    "publish": "publish a letter: make a new edition of its numbered list",
    "export": "export an edition of a letter in one language and format",
    "states": "list the UN member and observer states",
    "hrc-members": "list the Human Rights Council members of a year",
    "resolve-states": "resolve a pasted list of state names",
    "read-mailbox": "read bounces and replies to deliveries from a Maildir folder",
    "purge-contacts": "delete contact details N days after publication (run daily)",
    "contact-data": "a person's copy of their data, or its erasure (--erase)",
    "backup": "write a backup of the database",
    "restore": "restore a backup",
}


def _available() -> dict[str, str]:
    from django.core.management import get_commands

    names = get_commands()
    return {cmd: text for cmd, text in COMMANDS.items() if cmd.replace("-", "_") in names}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")
    import django

    django.setup()
    if not argv or argv[0] in {"-h", "--help", "help"} and len(argv) == 1:
        print("usage: undersigned COMMAND [options]\n\ncommands:")
        for cmd, text in _available().items():
            print(f"  {cmd:<20} {text}")
        print("\n'undersigned COMMAND --help' tells more; Django's own commands work too "
              "(undersigned migrate, undersigned shell ...).")
        return 0
    from django.core.management import execute_from_command_line

    name = argv[0].replace("-", "_")
    if argv[0] in COMMANDS or name in {c.replace("-", "_") for c in COMMANDS}:
        return _run_ours(argv[0].replace("_", "-"), name, argv[1:])
    command = name if name in _names() else argv[0]
    execute_from_command_line(["undersigned", command, *argv[1:]])
    return 0


_ARGPARSE = [
    (re.compile(r"the following arguments are required: (.+)"), "it needs {0}."),
    (re.compile(r"unrecognized arguments: (.+)"), "it does not know {0}."),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
     "{0} cannot be {1}; it is one of {2}."),
    (re.compile(r"argument (\S+): expected one argument"), "{0} needs a value after it."),
]


def _sentence(message: str) -> str:
    for pattern, text in _ARGPARSE:
        found = pattern.fullmatch(message.strip())
        if found:
            return text.format(*found.groups())
    message = message.strip().rstrip(".")
    return message[:1].upper() + message[1:] + "."


def _run_ours(display: str, name: str, args: list[str]) -> int:
    """One of the project's commands, shown by the name people type (``import-letter``);
    a wrong call is told in a sentence and where to read more, not an argparse usage
    dump, and a refusal (CommandError) is its message alone."""
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import CommandError, handle_default_options

    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("undersigned", display)
    if any(a in ("-h", "--help") for a in args):
        parser.print_help()
        return 0
    parser.called_from_command_line = False  # errors raise instead of printing usage
    try:
        options = parser.parse_args(args)
    except CommandError as exc:
        print(f"undersigned {display}: {_sentence(str(exc).removeprefix('Error: '))} "
              f"'undersigned {display} --help' tells how to use it.", file=sys.stderr)
        return 2
    handle_default_options(options)
    cmd_options = vars(options)
    positional = cmd_options.pop("args", ())
    try:
        command.execute(*positional, **cmd_options)
    except CommandError as exc:
        print(f"undersigned {display}: {_sentence(str(exc))}", file=sys.stderr)
        return exc.returncode
    return 0


def _names():
    from django.core.management import get_commands

    return get_commands()


if __name__ == "__main__":
    sys.exit(main())
