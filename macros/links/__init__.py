"""External link checking for every URL in the roadmap data (`roadmap links`).

Modules, in the order a run uses them:
- config:   linkcheck.yaml, the hosts known to refuse robots (with reasons);
- cache:    good results kept on disk for a day, failures never;
- checker:  the asyncio engine (per-host limits, HEAD/GET, redirects, retries);
- guard:    the connector that refuses non-public addresses at connect time (SSRF);
- archive:  an archived copy suggested for each broken link;
- run:      one run glued together, and the LinkReport it produces;
- reports:  terminal, JSON and Markdown output;
- changes:  the URLs a change adds (--changed-since REF);
- command:  the `roadmap links` sub-command.
"""

from .checker import Checker, Settings
from .model import LinkResult, Status
from .run import LinkReport, RunOutcome, check_links

__all__ = ["Checker", "LinkReport", "LinkResult", "RunOutcome", "Settings", "Status", "check_links"]
