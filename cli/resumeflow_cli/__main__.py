"""``python -m resumeflow_cli``: the same as the ``resumeflow`` command."""

from resumeflow_cli.main import main

raise SystemExit(main())
