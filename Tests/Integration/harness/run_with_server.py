"""Run a command against a freshly started identity-server.

    python -m harness.run_with_server [--log-dir DIR] -- COMMAND ARGS...

Every `{base_url}` in COMMAND/ARGS is replaced by the server's URL. Exits with the
command's exit code, or 1 if the server crashed while the command ran.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from harness.server import ServerProcess


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log-dir", type=Path, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    server = ServerProcess(log_dir=args.log_dir).start()
    try:
        print(f"run_with_server: identity-server at {server.base_url} (log {server.log_path})", flush=True)
        code = subprocess.call([part.replace("{base_url}", server.base_url) for part in command])
        crashed = not server.is_running()
    finally:
        server.stop()
        server.cleanup()
    if crashed:
        print(f"run_with_server: identity-server died during the run (exit {server.crashed_with}); "
              f"see {server.log_path}", file=sys.stderr)
        return code or 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
