"""Choose the test database: DATABASE_URL, else a PostgreSQL server on 127.0.0.1:5432, else SQLite.

Under CI=true a missing PostgreSQL is an error, never a silent fallback.
Prints the URL to use on stdout; warnings go to stderr.
"""

import os
import socket
import sys

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/kkr_portal"


def postgres_answers(host="127.0.0.1", port=5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    if os.environ.get("DATABASE_URL"):
        print(os.environ["DATABASE_URL"])
        return 0
    if postgres_answers():
        print(POSTGRES_URL)
        return 0
    if os.environ.get("CI") == "true":
        print("FEJL: PostgreSQL svarer ikke på 127.0.0.1:5432, og CI=true kræver PostgreSQL.",
              file=sys.stderr)  # fmt: skip
        return 1
    banner = "!" * 72
    print(f"{banner}\nADVARSEL: PostgreSQL svarer ikke; testene kører på SQLite.\n"
          f"Søgning og andre PostgreSQL-funktioner testes ikke.\n{banner}", file=sys.stderr)  # fmt: skip
    print("sqlite:///var/test.sqlite3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
