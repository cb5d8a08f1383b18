from django.urls import path

from . import merge_views, views

app_name = "transfer"

urlpatterns = [
    path("people/duplicates/", merge_views.people_duplicates, name="duplicates"),
    path("people/<int:person_id>/merge/", merge_views.person_merge, name="merge"),
    path("transfer/", views.index, name="index"),
    path("transfer/upload/", views.upload, name="upload"),
    path("transfer/export/<str:kind>/", views.export_download, name="export"),
    path("transfer/backup/", views.backup_download, name="backup"),
    path("transfer/batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("transfer/batches/<int:batch_id>/mapping/", views.batch_mapping, name="mapping"),
    path("transfer/batches/<int:batch_id>/rows/<int:row_id>/", views.row_choose, name="row"),
    path("transfer/batches/<int:batch_id>/choose-all/", views.choose_all, name="choose_all"),
    path("transfer/batches/<int:batch_id>/commit/", views.batch_commit, name="commit"),
    path("transfer/batches/<int:batch_id>/progress/", views.batch_progress, name="progress"),
    path("transfer/batches/<int:batch_id>/undo/", views.batch_undo, name="undo"),
    path("transfer/batches/<int:batch_id>/discard/", views.batch_discard, name="discard"),
]
