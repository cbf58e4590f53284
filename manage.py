#!/usr/bin/env python
import os
import sys

from jobboard import localservices


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
    from django.core.management import execute_from_command_line

    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        execute_from_command_line(sys.argv)
        return
    # The embedded default: join `make run`'s services under var/, or start them for this
    # one command, so every command works as typed with no variables set.
    create = sys.argv[1:2] == ["migrate"]
    localservices.run(lambda: execute_from_command_line(sys.argv), create=create)


if __name__ == "__main__":
    main()
