"""Import batches (previewed, committed, undone), their rows, and remembered column maps."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backstory.core.models import TimeStamped
from backstory.workspaces.models import Workspace


class BatchStatus(models.TextChoices):
    PREVIEW = "preview", "Ready to review"
    MAPPING = "mapping", "Needs a column map"
    CHECKING = "checking", "Reading the file"
    RUNNING = "running", "Importing"
    COMMITTED = "committed", "Imported"
    FAILED = "failed", "Failed"
    UNDONE = "undone", "Undone"
    DISCARDED = "discarded", "Discarded"


class ImportBatch(TimeStamped):
    """One file brought in: previewed, then committed in one transaction, maybe undone."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who uploaded it, when that user is not in this installation (restored from another).
    created_by_name = models.CharField(max_length=150, blank=True)
    format = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # Where the uploaded file waits between preview and commit (relative to MEDIA_ROOT);
    # emptied once the batch is committed or discarded.
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=BatchStatus.choices,
                              default=BatchStatus.PREVIEW)
    column_map = models.JSONField(default=dict, blank=True)
    # The workspace key a Backstory workbook names (its About sheet): records this batch
    # created keep their IDs in that file (ImportObject.ref), so that importing the same
    # workbook again finds them instead of guessing by their text.
    origin = models.CharField(max_length=64, blank=True)
    # Counts by outcome, e.g. {"create": 12, "update": 3, "skip": 1}.
    summary = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="importbatch_ws_time")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_undoable(self) -> bool:
        return self.status == BatchStatus.COMMITTED


class RowAction(models.TextChoices):
    CREATE = "create", "New"
    UPDATE = "update", "Update"
    DUPLICATE = "duplicate", "Possible duplicate"
    MERGE = "merge", "Same as an earlier row"
    UNCHANGED = "unchanged", "Already up to date"
    SKIP = "skip", "Skipped"


class ImportRow(models.Model):
    """One row of a file: what the preview proposes, and after commit what was done.

    ``undo`` holds what the commit changed on an existing record, keyed by natural values
    (field names, organisation names, contact keys) so that undo can put it back.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    sheet = models.CharField(max_length=60, blank=True)
    record_type = models.CharField(max_length=20, default="person")
    label = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=10, choices=RowAction.choices)
    # The user's decision in the preview: "", "create", "update" or "skip".
    choice = models.CharField(max_length=10, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_how = models.CharField(max_length=20, blank=True)
    fields = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    merged_into_line = models.PositiveIntegerField(null=True, blank=True)
    committed = models.BooleanField(default=False)
    undo = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["batch", "action"], name="importrow_batch_action")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.action}"

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.line}" if self.sheet else f"line {self.line}"


class ImportObject(models.Model):
    """A record (organisation, team, tag, interaction, action item…) a batch created."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="created_objects")
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    # The record's ID in the file it came from (a Backstory workbook's ID column).
    ref = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = "imported record"
        verbose_name_plural = "imported records"
        indexes = [models.Index(fields=["batch", "object_type"], name="importobject_batch_type"),
                   models.Index(fields=["workspace", "object_type", "ref"],
                                name="importobject_ws_ref")]

    def __str__(self) -> str:
        return f"{self.object_type} #{self.object_id}"


class ColumnMap(TimeStamped):
    """A column map the user chose for a spreadsheet layout, reused for the same header."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)

    class Meta:
        verbose_name = "column mapping"
        verbose_name_plural = "column mappings"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "signature"], name="one_column_map"),
        ]
