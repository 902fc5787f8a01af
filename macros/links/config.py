"""linkcheck.yaml: the hosts we know refuse automated clients, each with its reason.

Some sites answer every robot with 403, 429 or stranger codes however healthy
the page is. Rather than accepting every 403 blindly (which would hide real
breakage), each such host is named here with the reason we believe it, and its
links are reported as "unverified" so a person can look at them now and then.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from macros.model.yaml_reader import DataError, YamlFileError, read_yaml

HOST_PATTERN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class ConfigError(Exception):
    """linkcheck.yaml is unreadable or invalid; `errors` are located file:line: field messages."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


class UnverifiedHost(BaseModel):
    """A host (and its subdomains) whose links we do not request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str
    reason: str = Field(min_length=10, description="why this host cannot be checked by a robot")

    @field_validator("host")
    @classmethod
    def _plain_host(cls, value: str) -> str:
        if not HOST_PATTERN.match(value):
            raise ValueError("must be a lower-case host name such as www.example.org (no scheme, port or path)")
        return value

    @field_validator("reason")
    @classmethod
    def _real_reason(cls, value: str) -> str:
        return value.strip()

    def covers(self, host: str) -> bool:
        return host == self.host or host.endswith("." + self.host)


class LinkCheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unverified_hosts: list[UnverifiedHost] = []

    @field_validator("unverified_hosts")
    @classmethod
    def _no_duplicates(cls, hosts: list[UnverifiedHost]) -> list[UnverifiedHost]:
        seen: set[str] = set()
        for entry in hosts:
            if entry.host in seen:
                raise ValueError(f"host {entry.host!r} is listed twice")
            seen.add(entry.host)
        return hosts

    def exemption_for(self, url: str) -> UnverifiedHost | None:
        """The entry covering this URL's host, the most specific one first."""
        host = (urlsplit(url).hostname or "").lower()
        matches = [entry for entry in self.unverified_hosts if entry.covers(host)]
        return max(matches, key=lambda entry: len(entry.host)) if matches else None


def load_config(path: Path, *, required: bool = False) -> LinkCheckConfig:
    """Read and validate the config; a missing optional file means "no exemptions"."""
    path = Path(path)
    display = path.as_posix()
    if not path.exists():
        if required:
            raise ConfigError([DataError(display, 1, "", "config file not found")])
        return LinkCheckConfig()
    try:
        data, source, problems = read_yaml(path, display)
    except YamlFileError as exc:
        raise ConfigError([exc.error]) from None
    if problems:
        raise ConfigError(problems)
    try:
        return LinkCheckConfig.model_validate(data if data is not None else {})
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            if error["type"] == "extra_forbidden":
                message = "unknown key (allowed: unverified_hosts, and host/reason in each entry)"
            elif error["type"] == "missing" or not isinstance(error.get("input"), (str, int, float, bool)):
                message = error["msg"]
            else:
                message = f"{error['msg']} (found {error['input']!r})"
            errors.append(source.error(loc, message))
        raise ConfigError(errors) from None
