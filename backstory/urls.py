from django.urls import include, path

from backstory.api.urls import api_urlpatterns
from backstory.desk import views as desk_views

urlpatterns = [
    path("", desk_views.today, name="home"),
    path("", include("backstory.workspaces.urls")),
    path("", include("backstory.people.urls")),
    path("", include("backstory.interactions.urls")),
    path("", include("backstory.followups.urls")),
    path("", include("backstory.stories.urls")),
    path("", include("backstory.intros.urls")),
    path("", include("backstory.transfer.urls")),
    path("", include("backstory.webhooks.urls")),
    path("", include("backstory.search.urls")),
    path("", include("backstory.desk.urls")),
    path("", include("backstory.team.urls")),
    path("", include("backstory.api.urls")),
    *api_urlpatterns,
]

handler403 = "backstory.core.views.forbidden"
handler404 = "backstory.core.views.not_found"
handler500 = "backstory.core.views.server_error"
