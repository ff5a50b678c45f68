"""An example spider that sends every article page to newsflow (see ../README.md).

    pip install scrapy ./clients/python
    NEWSFLOW_TOKEN=$(npx newsflow token show) scrapy runspider examples/news_spider.py
"""

import os

import scrapy


class NewsSpider(scrapy.Spider):
    name = "news"
    start_urls = ["https://www.example.com/news/"]
    custom_settings = {
        "ITEM_PIPELINES": {"newsflow_client.scrapy_pipeline.NewsflowPipeline": 800},
        "NEWSFLOW_URL": os.environ.get("NEWSFLOW_URL", "http://127.0.0.1:8080"),
        "NEWSFLOW_TOKEN": os.environ.get("NEWSFLOW_TOKEN"),
        "NEWSFLOW_BATCH_SIZE": 100,
        "ROBOTSTXT_OBEY": True,
    }

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            if "/news/" in href:
                yield response.follow(href, self.parse_article)

    def parse_article(self, response):
        yield {
            "url": response.url,
            "html": response.text,
            "headers": {k.decode(): v[0].decode() for k, v in response.headers.items() if k.lower() in (b"content-type", b"last-modified")},
        }
