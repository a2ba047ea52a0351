"""A small JSON client for Letta-shaped REST servers (the real Letta 0.16.8 and identity-server),
standard library only, plus helpers that page through every list the migration reads."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

# A "legacy" client in Letta's eyes (spec §8.10): agent lists come with every relationship filled.
USER_AGENT = "migration-tests/1"


class APIError(Exception):
    def __init__(self, status: int, method: str, path: str, body: str):
        super().__init__(f"{method} {path} -> {status}: {body[:300]}")
        self.status = status
        self.body = body


class Client:
    """One server. `password` is sent as `Authorization: Bearer` when set."""

    def __init__(self, base_url: str, password: str | None = None, timeout: float = 120.0):
        self.base_url = base_url.rstrip("/")
        self.password = password or None
        self.timeout = timeout

    def request(self, method: str, path: str, body=None, query: list[tuple[str, str]] | None = None):
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.password:
            headers["Authorization"] = f"Bearer {self.password}"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise APIError(error.code, method, path, error.read().decode(errors="replace")) from None
        return json.loads(raw) if raw else None

    def get(self, path, query=None):
        return self.request("GET", path, query=query)

    def post(self, path, body):
        return self.request("POST", path, body=body)

    def patch(self, path, body=None):
        return self.request("PATCH", path, body=body)

    def paged(self, path: str, query: list[tuple[str, str]] | None = None, limit: int = 50, max_pages: int = 100_000):
        """Every item of an id-cursored list, oldest first (`order=asc`, `after=<last id>`)."""
        items: list[dict] = []
        after = None
        for _ in range(max_pages):
            q = list(query or []) + [("order", "asc"), ("limit", str(limit))]
            if after:
                q.append(("after", after))
            page = self.get(path, q)
            items.extend(page)
            if len(page) < limit:
                return items
            after = page[-1]["id"]
        raise RuntimeError(f"{path}: more than {max_pages} pages")

    # The whole organization as Letta's API shows it.

    def all_identities(self):
        return self.paged("/v1/identities/")

    def all_blocks(self):
        blocks = []
        for templates in ("false", "true"):
            blocks += self.paged("/v1/blocks/", [("templates_only", templates), ("show_hidden_blocks", "true")])
        return blocks

    def all_agents(self):
        include = [("include", v) for v in ("agent.blocks", "agent.identities", "agent.tags")]
        return self.paged("/v1/agents/", [("show_hidden_agents", "true")] + include)
