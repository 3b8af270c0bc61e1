"""Discovery sources beyond feeds and sitemaps, as pure functions the spiders call.

Each module reads one service's answers (no Scrapy request is made here): the GDELT DOC 2.0 API
(:mod:`.gdelt`), Hacker News search (:mod:`.hackernews`), Reddit thread JSON (:mod:`.reddit`),
PDF statements (:mod:`.pdf`) and WARC archives (:mod:`.warc`). :mod:`.plan` turns the profile's
``[discovery]`` tables and the settings into the spider's arguments; :mod:`.documents` turns a
fetched API thread or PDF into the same document an HTML page gives.
"""
