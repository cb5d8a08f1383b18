"""Pagination that keeps the rest of the query string (filters stay in the URL)."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


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
