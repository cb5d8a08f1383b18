"""Members and invitations (owners only): list the members, change a member's role,
remove a member (handing what they lead to a successor), list, send and withdraw
invitations.

Writes are workspaces.services (the last-owner rule, the owner check and the successor
rule live there), reads workspaces.selectors. An invitation's link is in the answer of
its create only: only its token's hash is stored (and a replayed create has no link)."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Query, Router, Status

from backstory.core.http import MAX_ID
from backstory.workspaces import selectors, services
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Role

from ..auth import api_auth
from ..errors import ERRORS, ApiError
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Schema

router = Router(tags=["members"], auth=api_auth(role=Role.OWNER))


class MemberOut(Schema):
    id: int = Field(..., description="The membership's id (the path id of /members/{id}).")
    user_id: int
    username: str
    name: str
    role: Role
    joined: datetime

    @staticmethod
    def resolve_username(membership) -> str:
        return membership.user.get_username()

    @staticmethod
    def resolve_name(membership) -> str:
        return member_name(membership.user)

    @staticmethod
    def resolve_joined(membership) -> datetime:
        return membership.created_at


class MemberRoleIn(InSchema):
    role: Role


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    invited_by: str | None
    created_at: datetime
    expires_at: datetime
    mail_status: str = Field(..., description='"" not sent, "sent", or the mail error.')

    @staticmethod
    def resolve_invited_by(invitation) -> str | None:
        return member_name(invitation.invited_by) if invitation.invited_by else None


class InvitationCreatedOut(Schema):
    invitation: InvitationOut
    link: str | None = Field(..., description="The one-time link: given in this answer "
                                              "only (null in a replay of it).")
    mailed: bool
    mail_error: str


class InvitationIn(InSchema):
    email: str = Field(..., max_length=254)
    role: Role = Role.EDITOR
    send: bool = Field(True, description="E-mail the link to the invitee.")


MemberPage = page_of(MemberOut, "MemberPage")
InvitationPage = page_of(InvitationOut, "InvitationPage")


def _member(request, membership_id: int):
    membership = selectors.member_get(request.workspace, membership_id)
    if membership is None:
        raise Http404("No such member in this workspace.")
    return membership


@router.get("/members", response={200: MemberPage, **ERRORS},
            summary="List the workspace's members")
def members_list(request, page: Query[PageParams]):
    return paginate(selectors.members_of(request.workspace), page)


@router.patch("/members/{membership_id}", response={200: MemberOut, **ERRORS},
              summary="Change a member's role (the only owner cannot take another)")
def member_role_change(request, membership_id: PathId, data: MemberRoleIn):
    membership = _member(request, membership_id)
    return services.membership_add(request.workspace, user=membership.user,
                                   role=data.role, by=request.user)


@router.delete("/members/{membership_id}", response={204: None, **ERRORS},
               summary="Remove a member; the people they lead go to `successor`, or nobody")
def member_remove(request, membership_id: PathId,
                  successor: int | None = Query(None, ge=1, le=MAX_ID, description=(
                      "The user id of the member who takes over the people they lead."))):
    membership = _member(request, membership_id)
    heir = None
    if successor is not None:
        heir = next((user for user in selectors.member_users(request.workspace)
                     if user.pk == successor), None)
        if heir is None:
            message = "Hand their people to someone who stays in the workspace."
            raise ApiError(400, message, field_errors={"successor": [message]})
    services.membership_remove(request.workspace, membership=membership, by=request.user,
                               successor=heir)
    return Status(204, None)


@router.get("/invitations", response={200: InvitationPage, **ERRORS},
            summary="List pending invitations, newest first")
def invitations_list(request, page: Query[PageParams]):
    return paginate(selectors.invitations_pending(request.workspace), page)


@router.post("/invitations", response={201: InvitationCreatedOut, **ERRORS},
             summary="Invite an e-mail address (the answer holds the link, once)",
             openapi_extra=IDEMPOTENCY_DOC)
@idempotent(InvitationCreatedOut, once=("link",))
def invitation_create(request, data: InvitationIn):
    issued = services.invitation_create(request.workspace, email=data.email, role=data.role,
                                        by=request.user, send=data.send)
    return Status(201, issued)


@router.delete("/invitations/{invitation_id}", response={204: None, **ERRORS},
               summary="Withdraw an invitation (its link stops working)")
def invitation_revoke(request, invitation_id: PathId):
    invitation = selectors.invitation_get(request.workspace, invitation_id)
    if invitation is None:
        raise Http404("No such invitation in this workspace.")
    services.invitation_revoke(request.workspace, invitation=invitation, by=request.user)
    return Status(204, None)
