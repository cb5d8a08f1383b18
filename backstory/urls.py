from django.urls import include, path

from backstory.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("backstory.workspaces.urls")),
    path("", include("backstory.people.urls")),
    path("", include("backstory.interactions.urls")),
    path("", include("backstory.transfer.urls")),
]

handler403 = "backstory.core.views.forbidden"
handler404 = "backstory.core.views.not_found"
handler500 = "backstory.core.views.server_error"
