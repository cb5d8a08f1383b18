"""Personal API tokens, and the answers kept for retried creating requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backstory.workspaces.models import Workspace


class ApiToken(models.Model):
    """A member's personal token for one workspace. Only a hash of the token is stored;
    the token itself is shown once, when it is created. What it may do is the member's
    role in the workspace (read at every request), narrowed to reading by ``read_only``."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token (after its "bs_" prefix), shown in the list so that
    # its owner can tell two tokens apart; not enough to use it.
    prefix = models.CharField(max_length=12)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "workspace"], name="apitoken_user_ws")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotentRequest(models.Model):
    """The answer to a creating request sent with an ``Idempotency-Key``: a retry with the
    same key (from the same caller) gets this answer again instead of writing twice."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Who sent it: "t<token id>" or "u<user id>" (a signed-in session).
    caller = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    # The method, path and a digest of the body: the same key with another request is
    # refused rather than answered with the first one's result.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "caller", "key"],
                                    name="one_answer_per_idempotency_key"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_age")]

    def __str__(self) -> str:
        return self.key
