"""A Scrapy item pipeline that sends every scraped page to newsflow.

Enable it in ``settings.py``::

    ITEM_PIPELINES = {"newsflow_client.scrapy_pipeline.NewsflowPipeline": 800}
    NEWSFLOW_URL = "http://127.0.0.1:8080"
    NEWSFLOW_TOKEN = "..."            # newsflow token show
    NEWSFLOW_BATCH_SIZE = 100         # pages per request
    NEWSFLOW_FAILED_FILE = "newsflow-failed.ndjson"

An item is a dict (or any Scrapy item) with ``url`` and one of ``html`` / ``text`` (``body`` is read as
``html``), and optionally ``fetched_at`` (or ``fetchedAt``), ``headers``, ``language``, ``site`` and
``metadata``. Scrapy itself is not imported: the class works with any object that has ``settings``.

Nothing is lost: a page that fails validation or that the API rejects is logged with its reason
and counted; pages that cannot be sent after the client's retries (the API down, Redis full) are
kept and tried again at the next flush, and those still unsent when the spider closes are written
to ``NEWSFLOW_FAILED_FILE`` as NDJSON, which ``newsflow ingest FILE`` or the client sends later.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional

from . import ApiError, NewsflowClient, ValidationError, validate_page

log = logging.getLogger("newsflow")


def item_to_page(item: Any, source: Optional[str] = None) -> Dict[str, Any]:
    """A scraped item as a RawArticle."""
    d = dict(item)
    page: Dict[str, Any] = {"url": d.get("url")}
    html = d.get("html", d.get("body"))
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if html is not None:
        page["html"] = html
    elif d.get("text") is not None:
        page["text"] = d["text"]
    fetched = d.get("fetched_at", d.get("fetchedAt"))
    if isinstance(fetched, datetime):
        fetched = (fetched if fetched.tzinfo else fetched.replace(tzinfo=timezone.utc)).isoformat().replace("+00:00", "Z")
    if fetched:
        page["fetchedAt"] = fetched
    for key in ("headers", "language", "site", "metadata"):
        if d.get(key) is not None:
            page[key] = d[key]
    if source:
        page["source"] = source
    return page


class NewsflowPipeline:
    def __init__(self, client: NewsflowClient, batch_size: int = 100, failed_file: str = "newsflow-failed.ndjson", source: Optional[str] = None):
        self.client = client
        self.batch_size = batch_size
        self.failed_file = failed_file
        self.source = source
        self.pending: List[Dict[str, Any]] = []
        self.stats: Dict[str, int] = {"accepted": 0, "duplicates": 0, "rejected": 0, "unsent": 0}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NewsflowPipeline":
        s = crawler.settings
        url = s.get("NEWSFLOW_URL")
        if not url:
            raise ValueError("NEWSFLOW_URL: set it to the newsflow API, e.g. http://127.0.0.1:8080")
        client = NewsflowClient(url, token=s.get("NEWSFLOW_TOKEN"), retries=int(s.get("NEWSFLOW_RETRIES", 5)))
        return cls(client, batch_size=int(s.get("NEWSFLOW_BATCH_SIZE", 100)), failed_file=s.get("NEWSFLOW_FAILED_FILE", "newsflow-failed.ndjson"), source=s.get("NEWSFLOW_SOURCE"))

    def open_spider(self, spider: Any) -> None:
        if self.source is None:
            self.source = f"scrapy:{getattr(spider, 'name', 'spider')}"

    def process_item(self, item: Any, spider: Any) -> Any:
        page = item_to_page(item, self.source)
        try:
            validate_page(page)
        except ValidationError as e:
            self.stats["rejected"] += 1
            log.warning("newsflow: page not sent: %s (%s)", e, page.get("url"))
            return item
        self.pending.append(page)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> bool:
        """Send the pending pages; True when none is left pending."""
        if not self.pending:
            return True
        batch, self.pending = self.pending, []
        try:
            out = self.client.submit_batch(batch)
        except (ApiError, OSError) as e:
            # Kept for the next flush, and written out at close if still unsent.
            log.error("newsflow: %d pages not sent yet: %s", len(batch), e)
            self.pending = batch + self.pending
            return False
        self.stats["accepted"] += out["accepted"]
        self.stats["duplicates"] += out["duplicates"]
        self.stats["rejected"] += out["rejected"]
        for r in out["results"]:
            if r["status"] == "rejected":
                log.warning("newsflow: page rejected: %s (%s)", r.get("error", {}).get("message"), batch[r["index"]].get("url"))
        return True

    def close_spider(self, spider: Any) -> None:
        if not self.flush() and self.pending:
            with open(self.failed_file, "a", encoding="utf-8") as f:
                for p in self.pending:
                    f.write(json.dumps(p) + "\n")
            self.stats["unsent"] += len(self.pending)
            log.error("newsflow: %d pages written to %s: send them with `newsflow ingest %s`", len(self.pending), self.failed_file, self.failed_file)
            self.pending = []
        log.info("newsflow: %s", self.stats)
