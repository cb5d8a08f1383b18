from django.urls import path

from . import views
from .api import api

app_name = "api_tokens"

urlpatterns = [
    path("settings/api-tokens/", views.tokens_page, name="tokens"),
    path("settings/api-tokens/<int:api_token_id>/revoke/", views.token_revoke, name="revoke"),
]

# The API's own URLs, under their namespace "api" (ninja names them).
api_urlpatterns = [path("api/v1/", api.urls)]
