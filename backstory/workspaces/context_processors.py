from .models import Role
from .selectors import workspaces_for_user


def workspace(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": membership,
        # The one flag every template asks before it shows a control that changes the
        # workspace: viewers see no button that would only be refused.
        "can_edit": membership is not None and membership.can(Role.EDITOR),
        "my_workspaces": workspaces_for_user(user),
    }
