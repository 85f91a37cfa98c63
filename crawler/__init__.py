"""nianbao's crawler: Scrapy spiders, item pipelines and the pure parsing functions they call."""
