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
from django.db.models import BooleanField, F, Func, Q

CONFIG = "english"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def matches(text: str, indexed: bool = True) -> Q:
    """Every job the words find. Not `indexed`, the same test is spelt as the function behind
    the operator, which PostgreSQL never answers from the text index: for words on so many
    jobs that testing rows one by one meets enough of them sooner (listings.pages.wordstats)."""
    if indexed:
        return Q(search_vector=search_query(text))
    test = Func(
        F("search_vector"), search_query(text), function="ts_match_vq", output_field=BooleanField()
    )
    return Q(test)


class _Printed(SearchQuery):
    """A tsquery as PostgreSQL prints it, read back as it is: no parsing, no stemming."""

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.source_expressions[0].value]


def holds(tsquery: str) -> Q:
    """The jobs whose words hold a printed tsquery ("'peachtre'"), from the text index."""
    return Q(search_vector=_Printed(tsquery))


def ranks_first(text: str) -> Q:
    """The matches found in the title and the employer's names alone. The expression is the
    job_ranked_words index's, so PostgreSQL reads that index when these are few."""
    ranked_words = SearchVector("title", "employer_names", config=CONFIG)
    return Q(SearchVectorExact(ranked_words, search_query(text)))
