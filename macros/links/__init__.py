"""External link checking for every URL in the roadmap data (`roadmap links`).

Modules, in the order a run uses them:
- options:   every knob of a run, its default and its allowed range (Settings, NUMERIC);
- config:    linkcheck.yaml, the hosts known to refuse robots (with reasons);
- cache:     good results kept on disk for a day, failures never;
- checker:   the engine: each URL once, per-host and overall limits, retries, the time bound;
- transport: one attempt at a URL: HEAD/GET, redirects followed by hand;
- guard:     the connector that refuses non-public addresses at connect time (SSRF);
- retry:     which outcomes are retried, the backoff and Retry-After;
- verdict:   what the last outcome means: ok, moved, unverified, broken or refused;
- archive:   an archived copy suggested for each broken link;
- run:       one run glued together, and the LinkReport it produces;
- reports:   terminal, JSON and Markdown output;
- changes:   the URLs a change adds (--changed-since REF);
- command:   `roadmap links`: run_links(), its progress bar and its exit codes (the click
             command is in macros/cli.py).
"""

from .checker import Checker
from .model import LinkResult, Status
from .options import Settings
from .run import LinkReport, RunOutcome, check_links

__all__ = ["Checker", "LinkReport", "LinkResult", "RunOutcome", "Settings", "Status", "check_links"]
