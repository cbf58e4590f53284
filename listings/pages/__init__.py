"""The public pages: views, the search FilterSet, keyset paging, page data, the FAQ,
JobPosting structured data and sitemaps."""
