"""Python client for the newsflow ingest API: submit raw pages, one, in batches or as NDJSON.

Standard library only. Retries 429, 5xx and network errors with exponential backoff and full
jitter, and waits at least what a ``Retry-After`` header asks (capped). Pages are checked locally
first, so a page the API would reject raises :class:`ValidationError` naming the field, and is
never sent.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = ["NewsflowClient", "ApiError", "ValidationError", "FieldIssue", "validate_page", "retry_delay"]
__version__ = "0.1.0"

Page = Mapping[str, Any]
CONTENT_FIELDS = ("html", "htmlBase64", "text")


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field: ``path`` is dotted (``headers.x-a``), as the API reports it."""

    path: str
    message: str


class ValidationError(ValueError):
    """A page the API would reject; ``issues`` names each field. Nothing was sent."""

    def __init__(self, issues: Sequence[FieldIssue]):
        self.issues = list(issues)
        super().__init__("; ".join(f"{i.path}: {i.message}" for i in self.issues))


class ApiError(Exception):
    """An error answer from the API: HTTP status, stable code (``BACKPRESSURE``, ...) and field issues."""

    def __init__(self, status: int, code: str, message: str, issues: Sequence[FieldIssue] = ()):
        self.status = status
        self.code = code
        self.issues = list(issues)
        super().__init__(f"{status} {code}: {message}")

    @property
    def retryable(self) -> bool:
        return self.status == 429 or self.status >= 500


def validate_page(page: Page) -> Dict[str, Any]:
    """The checks the API makes first, so a bad page fails here with the field it gets wrong."""
    issues: List[FieldIssue] = []
    if not isinstance(page, Mapping):
        raise ValidationError([FieldIssue("(root)", "a page must be an object")])
    url = page.get("url")
    if not isinstance(url, str) or not url:
        issues.append(FieldIssue("url", "required: the page's URL"))
    else:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            issues.append(FieldIssue("url", "must be an http(s) URL"))
    given = [f for f in CONTENT_FIELDS if page.get(f) is not None]
    if not given:
        issues.append(FieldIssue("html", "one of html, htmlBase64 or text is required"))
    elif len(given) > 1:
        issues.append(FieldIssue(given[1], f"give one of html, htmlBase64 or text, not {' and '.join(given)}"))
    for f in given:
        v = page.get(f)
        if not isinstance(v, str):
            issues.append(FieldIssue(f, "must be a string"))
        elif not v.strip():
            issues.append(FieldIssue(f, "must not be empty"))
    headers = page.get("headers")
    if headers is not None and (not isinstance(headers, Mapping) or any(not isinstance(v, str) for v in headers.values())):
        issues.append(FieldIssue("headers", "must be an object of strings"))
    if issues:
        raise ValidationError(issues)
    return {k: v for k, v in page.items() if v is not None}


def retry_delay(attempt: int, retry_after: Optional[str], base: float, max_delay: float, max_retry_after: float,
                rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): ``Retry-After`` (seconds or an HTTP date)
    when the server gave one, capped at ``max_retry_after``; else full jitter over an exponential
    ceiling (``base`` doubling per attempt, at most ``max_delay``)."""
    if retry_after:
        secs: Optional[float]
        try:
            secs = float(retry_after)
        except ValueError:
            try:
                secs = email.utils.parsedate_to_datetime(retry_after).timestamp() - time.time()
            except (TypeError, ValueError):
                secs = None
        if secs is not None and secs >= 0:
            return min(secs + rand() * base, max_retry_after)
    return rand() * min(max_delay, base * (2 ** attempt))


def _issues(raw: Any) -> List[FieldIssue]:
    out = []
    for i in raw or []:
        path = i.get("path", "")
        out.append(FieldIssue(".".join(str(p) for p in path) if isinstance(path, list) else str(path), str(i.get("message", ""))))
    return out


@dataclass
class NewsflowClient:
    """The newsflow ingest API over HTTP.

    >>> client = NewsflowClient("http://127.0.0.1:8080", token="...")
    >>> client.submit({"url": "https://example.com/a", "html": "<html>...</html>"})
    {'pageId': '...', 'duplicate': False, 'statusUrl': '/v1/pages/...'}
    """

    url: str
    token: Optional[str] = None
    retries: int = 5
    base_delay: float = 0.2
    max_delay: float = 10.0
    max_retry_after: float = 60.0
    timeout: float = 60.0
    batch_size: int = 500
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")

    # -- requests ---------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Optional[bytes] = None, content_type: str = "application/json") -> Any:
        headers = {"accept": "application/json", "user-agent": f"newsflow-client-python/{__version__}"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["content-type"] = content_type
        attempt = 0
        while True:
            req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    text = res.read().decode("utf-8")
                    return json.loads(text) if text else None
            except urllib.error.HTTPError as e:
                text = e.read().decode("utf-8", "replace")
                try:
                    data = json.loads(text) if text else None
                except ValueError:
                    data = None
                if e.code == 404 and path.startswith("/v1/pages/") and isinstance(data, dict) and "state" in data:
                    return data
                err = (data or {}).get("error", {}) if isinstance(data, dict) else {}
                error = ApiError(e.code, err.get("code", f"HTTP_{e.code}"), err.get("message", text[:200] or e.reason), _issues(err.get("issues")))
                if not error.retryable or attempt >= self.retries:
                    raise error from None
                wait = retry_delay(attempt, e.headers.get("retry-after"), self.base_delay, self.max_delay, self.max_retry_after)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt >= self.retries:
                    raise
                wait = retry_delay(attempt, None, self.base_delay, self.max_delay, self.max_retry_after)
            self.sleep(wait)
            attempt += 1

    # -- the API ----------------------------------------------------------------------------

    def submit(self, page: Page) -> Dict[str, Any]:
        """Submit one page: ``{pageId, duplicate, statusUrl}``. Raises ValidationError, ApiError."""
        return self._request("POST", "/v1/articles", json.dumps(validate_page(page)).encode("utf-8"))

    def submit_batch(self, pages: Sequence[Page]) -> Dict[str, Any]:
        """Submit many pages in requests of ``batch_size``; per-page results in input order. A page that
        fails local validation is reported ``rejected`` with its issues and not sent."""
        results: List[Dict[str, Any]] = []
        send: List[tuple] = []
        for index, page in enumerate(pages):
            try:
                send.append((index, validate_page(page)))
            except ValidationError as v:
                results.append({"index": index, "status": "rejected",
                                "error": {"code": "VALIDATION_FAILED", "message": str(v), "issues": [{"path": i.path, "message": i.message} for i in v.issues]}})
        out = {"accepted": 0, "duplicates": 0, "rejected": len(results), "results": results}
        for start in range(0, len(send), self.batch_size):
            part = send[start:start + self.batch_size]
            remote = self._request("POST", "/v1/articles/batch", json.dumps([p for _, p in part]).encode("utf-8"))
            out["accepted"] += remote["accepted"]
            out["duplicates"] += remote["duplicates"]
            out["rejected"] += remote["rejected"]
            for r in remote["results"]:
                results.append({**r, "index": part[r["index"]][0]})
        results.sort(key=lambda r: r["index"])
        return out

    def submit_ndjson(self, lines: Union[bytes, str, Iterable[Page]]) -> Dict[str, Any]:
        """Submit an NDJSON stream: bytes or text as is, or pages, one JSON line each. Results are per
        line (``index`` 1-based). Lines the backlog had no room for come back ``retry``; send again
        from ``retryFromLine``."""
        if isinstance(lines, str):
            body = lines.encode("utf-8")
        elif isinstance(lines, (bytes, bytearray)):
            body = bytes(lines)
        else:
            body = b"".join(json.dumps(dict(p)).encode("utf-8") + b"\n" for p in lines)
        return self._request("POST", "/v1/articles/ndjson", body, "application/x-ndjson")

    def status(self, page_id: str) -> Dict[str, Any]:
        """Where a page is: ``{pageId, state, stage?, articleId?}``; state ``unknown`` for an id never seen."""
        return self._request("GET", f"/v1/pages/{urllib.parse.quote(page_id, safe='')}")

    def statuses(self, page_ids: Sequence[str]) -> List[Dict[str, Any]]:
        out: List[Dict[str, Any]] = []
        for start in range(0, len(page_ids), 100):
            ids = ",".join(page_ids[start:start + 100])
            out.extend(self._request("GET", f"/v1/pages?ids={urllib.parse.quote(ids, safe=',')}")["pages"])
        return out
