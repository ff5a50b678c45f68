"""Tests of the Python client. The live tests need a running newsflow API: NEWSFLOW_URL and
NEWSFLOW_TOKEN (the repository's `npm test` starts one and runs this file). Without them they are
skipped, unless NEWSFLOW_REQUIRE_API=1, which turns the skip into a failure."""

import http.server
import json
import os
import tempfile
import threading
import time
import unittest
import uuid
from email.utils import formatdate

from newsflow_client import ApiError, NewsflowClient, ValidationError, retry_delay, validate_page
from newsflow_client.scrapy_pipeline import NewsflowPipeline, item_to_page

API = os.environ.get("NEWSFLOW_URL")
TOKEN = os.environ.get("NEWSFLOW_TOKEN")
RUN = uuid.uuid4().hex[:8]


def page(n, **extra):
    return {"url": f"https://news.example.com/py/{RUN}/{n}", "html": f"<html><head><title>Story {n}</title></head><body><p>Body of story {n}, from Python.</p></body></html>", **extra}


class Validation(unittest.TestCase):
    def test_names_the_field(self):
        cases = [
            ({"html": "<p>x</p>"}, "url: required"),
            ({"url": "ftp://x.example/a", "html": "x"}, "url: must be an http(s) URL"),
            ({"url": "https://x.example/a"}, "html: one of html, htmlBase64 or text is required"),
            ({"url": "https://x.example/a", "html": "x", "text": "y"}, "text: give one of html, htmlBase64 or text, not html and text"),
            ({"url": "https://x.example/a", "html": "  "}, "html: must not be empty"),
            ({"url": "https://x.example/a", "text": "x", "headers": {"a": 1}}, "headers: must be an object of strings"),
        ]
        for p, message in cases:
            with self.assertRaises(ValidationError) as cm:
                validate_page(p)
            self.assertIn(message, str(cm.exception))
        self.assertEqual(validate_page({"url": "https://x.example/a", "text": "x", "language": None}), {"url": "https://x.example/a", "text": "x"})

    def test_retry_delay_honours_retry_after_and_caps_it(self):
        self.assertEqual(retry_delay(0, "3", 0.2, 10, 60, rand=lambda: 0), 3)
        self.assertEqual(retry_delay(0, "600", 0.2, 10, 60, rand=lambda: 0), 60)
        when = formatdate(time.time() + 5, usegmt=True)
        self.assertTrue(3 <= retry_delay(0, when, 0.2, 10, 60, rand=lambda: 0) <= 5.5)
        # Without Retry-After: full jitter under a doubling ceiling.
        self.assertEqual(retry_delay(3, None, 0.2, 10, 60, rand=lambda: 1), 1.6)
        self.assertEqual(retry_delay(9, None, 0.2, 10, 60, rand=lambda: 1), 10)


class _Stub(http.server.BaseHTTPRequestHandler):
    answers = []
    seen = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        type(self).seen.append((self.path, self.headers.get("authorization"), body))
        status, headers, payload = type(self).answers.pop(0)
        data = json.dumps(payload).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Retries(unittest.TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        _Stub.seen = []
        self.slept = []

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def client(self, **kw):
        return NewsflowClient(self.url, token="t0k", sleep=self.slept.append, **kw)

    def test_retries_429_and_503_waiting_what_retry_after_asks(self):
        ok = {"pageId": "a" * 32, "duplicate": False, "statusUrl": "/v1/pages/" + "a" * 32}
        _Stub.answers = [
            (429, {"retry-after": "2"}, {"error": {"code": "BACKPRESSURE", "message": "busy"}}),
            (503, {"retry-after": "1"}, {"error": {"code": "REDIS_UNAVAILABLE", "message": "down"}}),
            (202, {}, ok),
        ]
        self.assertEqual(self.client().submit(page(1)), ok)
        self.assertEqual(len(_Stub.seen), 3)
        self.assertEqual(_Stub.seen[0][1], "Bearer t0k")
        self.assertTrue(2 <= self.slept[0] < 2.3 and 1 <= self.slept[1] < 1.3, self.slept)

    def test_gives_up_after_its_retries_and_never_retries_a_client_error(self):
        _Stub.answers = [(429, {"retry-after": "0"}, {"error": {"code": "BACKPRESSURE", "message": "busy"}})] * 3
        with self.assertRaises(ApiError) as cm:
            self.client(retries=2).submit(page(2))
        self.assertEqual((cm.exception.status, cm.exception.code, len(_Stub.seen)), (429, "BACKPRESSURE", 3))
        _Stub.seen = []
        _Stub.answers = [(400, {}, {"error": {"code": "VALIDATION_FAILED", "message": "bad", "issues": [{"path": ["url"], "message": "no"}]}})]
        with self.assertRaises(ApiError) as cm:
            self.client().submit(page(3))
        self.assertEqual((cm.exception.code, cm.exception.issues[0].path, len(_Stub.seen)), ("VALIDATION_FAILED", "url", 1))


@unittest.skipUnless(API or os.environ.get("NEWSFLOW_REQUIRE_API") == "1", "NEWSFLOW_URL not set: no running newsflow API")
class LiveApi(unittest.TestCase):
    def setUp(self):
        self.assertTrue(API, "NEWSFLOW_URL must name a running newsflow API")
        self.client = NewsflowClient(API, token=TOKEN)

    def test_submit_twice_then_status(self):
        a = self.client.submit(page(10))
        b = self.client.submit(page(10))
        self.assertFalse(a["duplicate"])
        self.assertEqual(b, {**a, "duplicate": True})
        self.assertEqual(self.client.status(a["pageId"])["pageId"], a["pageId"])
        self.assertEqual([s["state"] for s in self.client.statuses([a["pageId"], "f" * 32])][1], "unknown")

    def test_batch_keeps_order_and_rejects_a_bad_page_alone(self):
        c = NewsflowClient(API, token=TOKEN, batch_size=2)
        out = c.submit_batch([page(20), {"url": "https://x.example/no-content"}, page(21), page(22)])
        self.assertEqual([(r["index"], r["status"]) for r in out["results"]], [(0, "accepted"), (1, "rejected"), (2, "accepted"), (3, "accepted")])
        self.assertEqual((out["accepted"], out["rejected"]), (3, 1))
        self.assertIn("html", out["results"][1]["error"]["message"])

    def test_ndjson_from_pages(self):
        out = self.client.submit_ndjson([page(30), page(31), page(30)])
        self.assertEqual((out["accepted"], out["duplicates"]), (2, 1))
        self.assertEqual([r["index"] for r in out["results"]], [1, 2, 3])

    def test_wrong_token_is_an_api_error_with_a_code(self):
        with self.assertRaises(ApiError) as cm:
            NewsflowClient(API, token="wrong-token-0000000000").submit(page(40))
        self.assertEqual(cm.exception.status, 401)


class _Settings(dict):
    def get(self, k, default=None):
        return super().get(k, default)


class _Crawler:
    def __init__(self, **settings):
        self.settings = _Settings(settings)


class _Spider:
    name = "stub"


class ScrapyPipeline(unittest.TestCase):
    def test_item_to_page(self):
        from datetime import datetime
        p = item_to_page({"url": "https://x.example/a", "body": b"<p>hi</p>", "fetched_at": datetime(2026, 12, 4, 9, 0), "language": "en", "extra": 1}, "scrapy:stub")
        self.assertEqual(p, {"url": "https://x.example/a", "html": "<p>hi</p>", "fetchedAt": "2026-12-04T09:00:00Z", "language": "en", "source": "scrapy:stub"})

    def test_unsent_pages_are_written_out_not_lost(self):
        # A port nothing listens on: every try fails, the pages land in the failed file.
        with tempfile.TemporaryDirectory() as d:
            failed = os.path.join(d, "failed.ndjson")
            pipe = NewsflowPipeline.from_crawler(_Crawler(NEWSFLOW_URL="http://127.0.0.1:9", NEWSFLOW_RETRIES=0, NEWSFLOW_BATCH_SIZE=2, NEWSFLOW_FAILED_FILE=failed))
            spider = _Spider()
            pipe.open_spider(spider)
            for n in range(3):
                pipe.process_item(page(50 + n), spider)
            pipe.close_spider(spider)
            with open(failed, encoding="utf-8") as f:
                lines = [json.loads(x) for x in f]
            self.assertEqual([x["url"] for x in lines], [page(50 + n)["url"] for n in range(3)])
            self.assertEqual(lines[0]["source"], "scrapy:stub")
            self.assertEqual(pipe.stats["unsent"], 3)

    @unittest.skipUnless(API or os.environ.get("NEWSFLOW_REQUIRE_API") == "1", "NEWSFLOW_URL not set")
    def test_items_reach_the_api_in_batches(self):
        pipe = NewsflowPipeline.from_crawler(_Crawler(NEWSFLOW_URL=API, NEWSFLOW_TOKEN=TOKEN, NEWSFLOW_BATCH_SIZE=2))
        spider = _Spider()
        pipe.open_spider(spider)
        for n in range(5):
            self.assertIsNotNone(pipe.process_item({**page(60 + n), "fetched_at": "2026-12-04T09:00:00Z"}, spider))
        pipe.process_item({"url": "https://x.example/empty"}, spider)
        self.assertEqual(len(pipe.pending), 1)
        pipe.close_spider(spider)
        self.assertEqual(pipe.stats, {"accepted": 5, "duplicates": 0, "rejected": 1, "unsent": 0})


if __name__ == "__main__":
    unittest.main()
