"""Validate HTTP responses against an OpenAPI 3.1 document.

`OpenAPIResponseChecker` finds the operation for a request (method + concrete path,
matched against the document's path templates the way the server's router does:
literal segments win over parameters, with fallback when the method is not served),
checks that the status code is declared, and validates the JSON body against the
declared schema with jsonschema (Draft 2020-12, refs resolved inside the document).

It is wired into httpx clients as a response event hook (`install_on`), so every
response a test receives -- through raw httpx or through either Letta SDK -- is
checked. Violations are collected, not raised, because SDKs wrap exceptions raised
inside transports; the test fixture asserts the list is empty after each test.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:identity-server:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    """One (method, path template) of the document."""

    method: str
    template: str
    pointer: str  # JSON pointer of the operation object inside the document
    spec: dict


@dataclass
class Violation:
    """A response that does not conform to the document."""

    method: str
    url: str
    status: int
    operation: str | None
    problem: str

    def __str__(self) -> str:
        op = f" [{self.operation}]" if self.operation else ""
        return f"{self.method} {self.url} -> {self.status}{op}: {self.problem}"


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    regex = "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
    return re.compile("^" + regex + "$")


def _specificity(template: str) -> tuple:
    # Literal segments before parameter segments, compared left to right.
    return tuple(1 if seg.startswith("{") else 0 for seg in template.strip("/").split("/"))


@dataclass
class OpenAPIResponseChecker:
    document: dict
    violations: list[Violation] = field(default_factory=list)
    checked: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(DOCUMENT_URI, resource)
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._templates = []
        for template, item in self.document.get("paths", {}).items():
            self._templates.append((_specificity(template), template, _template_regex(template), item))
        self._templates.sort(key=lambda t: t[0])

    # -- lookup -------------------------------------------------------------------

    def find_operation(self, method: str, path: str) -> tuple[Operation | None, bool]:
        """Return (operation, path_known). path_known is True when some template
        matches the path, even if not for this method."""
        method = method.lower()
        path_known = False
        for _, template, regex, item in self._templates:
            if not regex.match(path):
                continue
            path_known = True
            if method in item:
                pointer = f"/paths/{_escape_pointer(template)}/{method}"
                return Operation(method, template, pointer, item[method]), True
        return None, path_known

    def _validator(self, pointer: str) -> jsonschema.protocols.Validator:
        validator = self._validators.get(pointer)
        if validator is None:
            schema = {"$ref": f"{DOCUMENT_URI}#{pointer}"}
            validator = jsonschema.Draft202012Validator(schema, registry=self._registry)
            self._validators[pointer] = validator
        return validator

    # -- checking -----------------------------------------------------------------

    def check(self, method: str, url: str, status: int, content_type: str | None, body: bytes) -> list[Violation]:
        """Check one exchange; returns (and records) its violations."""
        path = unquote(urlsplit(url).path)
        operation, path_known = self.find_operation(method, path)
        found: list[Violation] = []

        def fail(problem: str) -> None:
            found.append(Violation(method.upper(), url, status, operation.template if operation else None, problem))

        if operation is None:
            # Unknown route, wrong method or a redirect to the canonical spelling:
            # nothing is documented for it; the wire-level tests assert those.
            if 200 <= status < 300:
                fail("2xx answer for a method/path the document does not declare")
        else:
            responses = operation.spec.get("responses", {})
            key = str(status)
            if key not in responses:
                key = f"{status // 100}XX" if f"{status // 100}XX" in responses else "default"
            if key not in responses:
                fail(f"status {status} not declared (declared: {sorted(responses)})")
            elif method.upper() != "HEAD" and status not in (204, 304):
                declared = responses[key].get("content")
                if declared:
                    media = (content_type or "").split(";")[0].strip().lower()
                    if media not in declared:
                        fail(f"content type {content_type!r} not declared ({sorted(declared)})")
                    elif media == "application/json" or media.endswith("+json"):
                        self._check_json(operation, key, media, body, fail)
        with self._lock:
            self.checked += 1
            self.violations.extend(found)
        return found

    def _check_json(self, operation: Operation, key: str, media: str, body: bytes, fail) -> None:
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            fail(f"body is not valid JSON: {error}")
            return
        pointer = (
            f"{operation.pointer}/responses/{_escape_pointer(key)}/content/{_escape_pointer(media)}/schema"
        )
        errors = sorted(self._validator(pointer).iter_errors(payload), key=lambda e: list(e.absolute_path))
        for error in errors[:5]:
            where = "/".join(str(p) for p in error.absolute_path) or "<root>"
            fail(f"schema violation at {where}: {error.message[:300]}")

    def take_violations(self) -> list[Violation]:
        with self._lock:
            found, self.violations = self.violations, []
        return found

    # -- httpx wiring -------------------------------------------------------------

    def response_hook(self, response: httpx.Response) -> None:
        response.read()
        request = response.request
        self.check(
            request.method,
            str(request.url),
            response.status_code,
            response.headers.get("content-type"),
            response.content,
        )

    def install_on(self, client: httpx.Client) -> httpx.Client:
        hooks = client.event_hooks
        hooks.setdefault("response", []).append(self.response_hook)
        client.event_hooks = hooks
        return client

    def new_client(self, base_url: str = "", **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("timeout", 30.0)
        client = httpx.Client(base_url=base_url, **kwargs)
        return self.install_on(client)
