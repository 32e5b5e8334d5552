"""`python -m wire`: the same as the `newswire` command."""

from wire.cli import main

raise SystemExit(main())
