"""What a keyword search matches, defined once for the search pages and for saved alerts.

A job matches when all of the words are in its title, its employer's names (the employer's
own and the aliases government files use) or its description: the job's `search_vector`,
read in PostgreSQL's websearch syntax ("quoted phrases", -excluded, or) with English
stemming, so no input can raise. The alert matcher runs the same test in SQL
(`search_vector @@ keywords_query`, alerts.matching) on the same column.

Matches in the title or the employer's names (the vector's weight A) rank above matches in
the description alone.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db.models import Q

CONFIG = "english"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def matches(text: str) -> Q:
    """Every job the words find."""
    return Q(search_vector=search_query(text))


def ranks_first(text: str) -> Q:
    """The matches found in the title and the employer's names alone. The expression is the
    job_ranked_words index's, so PostgreSQL reads that index when these are few."""
    ranked_words = SearchVector("title", "employer_names", config=CONFIG)
    return Q(SearchVectorExact(ranked_words, search_query(text)))
