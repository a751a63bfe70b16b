"""``resumeflow``: the command line for the resumeflow API.

Exit codes, for scripts:

====  ==============================================================
0     success (for upload --wait / watch / status: nothing failed)
1     some resumes failed or were cancelled, or some files were rejected
2     usage error (bad arguments, missing files, unreadable config file)
3     the API answered with an error, or could not be reached
====  ==============================================================

The API URL and key come from ``--url``/``--api-key``, else ``RESUMEFLOW_URL``/
``RESUMEFLOW_API_KEY``, else the config file (see ``config``), else
``http://127.0.0.1:8000`` without a key.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from resumeflow_cli import commands
from resumeflow_cli.api import Api, ApiFailure
from resumeflow_cli.config import ConfigError, resolve

Command = Callable[[Api, argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resumeflow",
        description="Upload resumes and follow them through resumeflow.",
        epilog="exit codes: 0 ok, 1 some resumes failed/cancelled/rejected, 2 usage, "
        "3 API or network error",
    )
    parser.add_argument("--url", help="API base URL (env RESUMEFLOW_URL)")
    parser.add_argument("--api-key", help="API key (env RESUMEFLOW_API_KEY)")
    parser.add_argument("--config", help="config file (default ~/.config/resumeflow/config.toml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("upload", help="upload files and directories of PDFs/DOCX as one batch")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--batch", metavar="NAME", help="name of the new batch")
    p.add_argument("--wait", action="store_true", help="wait until every resume is finished")
    p.set_defaults(run=lambda api, a: commands.upload(api, a.paths, a.batch, a.wait))

    p = sub.add_parser("status", help="a resume's status (exit 1 if failed or cancelled)")
    p.add_argument("id")
    p.set_defaults(run=lambda api, a: commands.status(api, a.id))

    p = sub.add_parser("get", help="a resume with its profile")
    p.add_argument("id")
    p.add_argument("-o", "--output", choices=["json", "table"], default="table")
    p.set_defaults(run=lambda api, a: commands.get(api, a.id, a.output))

    p = sub.add_parser("export", help="the profile as JSON Resume or resumeflow JSON")
    p.add_argument("id")
    p.add_argument("--format", choices=["json", "jsonresume"], default="jsonresume")
    p.set_defaults(run=lambda api, a: commands.export(api, a.id, a.format))

    p = sub.add_parser("watch", help="follow a batch until it is completed")
    p.add_argument("batch_id", metavar="BATCH")
    p.set_defaults(run=lambda api, a: commands.watch(api, a.batch_id))

    p = sub.add_parser("cancel", help="cancel a running resume (or --batch: a whole batch)")
    p.add_argument("id")
    p.add_argument("--batch", action="store_true", help="ID is a batch id")
    p.set_defaults(run=lambda api, a: commands.cancel(api, a.id, a.batch))

    p = sub.add_parser("retry", help="re-run a finished resume (from its failed stage)")
    p.add_argument("id")
    p.add_argument("--stage", choices=["parser", "enhancer", "notifier"])
    p.set_defaults(run=lambda api, a: commands.retry(api, a.id, a.stage))

    p = sub.add_parser("delete", help="delete a resume and its file")
    p.add_argument("id")
    p.set_defaults(run=lambda api, a: commands.delete(api, a.id))

    p = sub.add_parser("batches", help="list batches, newest first")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(run=lambda api, a: commands.batches(api, a.limit))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # exits 2 on bad usage
    try:
        config = resolve(args.url, args.api_key, args.config)
    except ConfigError as exc:
        print(f"resumeflow: {exc}", file=sys.stderr)
        return commands.USAGE
    api = Api(config)
    run: Command = args.run
    try:
        return run(api, args)
    except commands.UsageError as exc:
        print(f"resumeflow: {exc}", file=sys.stderr)
        return commands.USAGE
    except ApiFailure as exc:
        print(f"resumeflow: {exc}", file=sys.stderr)
        return commands.API_ERROR
    except KeyboardInterrupt:
        return 130
    finally:
        api.close()
