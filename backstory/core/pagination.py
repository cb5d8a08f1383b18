"""Pagination that keeps the rest of the query string (filters stay in the URL)."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from .http import int_param

MAX_PAGE = 10**9


def paginate(request, queryset, per_page: int = 50, *, rows_for=None):
    """A page of ``queryset``. ``rows_for(count)``, when given, returns the queryset the
    rows are read from once the total is known: a list can choose how to read its page
    by how many rows match (the count still comes from ``queryset``)."""
    paginator = Paginator(queryset, per_page)
    if rows_for is not None:
        paginator.object_list = rows_for(paginator.count)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    query = request.GET.copy()
    query.pop("page", None)
    page.base_query = query.urlencode()
    return page


class UncountedPage:
    """A page of a list too long to count on every visit (every interaction ever logged):
    ``per_page + 1`` rows are read to know whether an older page exists."""

    def __init__(self, rows: list, number: int, per_page: int, base_query: str):
        self.object_list = rows[:per_page]
        self.number = number
        self.base_query = base_query
        self._more = len(rows) > per_page

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_uncounted(request, queryset, per_page: int = 40) -> UncountedPage:
    """Like ``paginate`` without the count: the list's pages are read by offset and the
    pagination says "newer"/"older" instead of "page 3 of 12,500"."""
    # A page past any real list reads nothing; a bigger one would overflow the offset.
    number = int_param(request.GET.get("page"), minimum=1, maximum=MAX_PAGE) or 1
    start = (number - 1) * per_page
    rows = list(queryset[start:start + per_page + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return UncountedPage(rows, number, per_page, query.urlencode())
