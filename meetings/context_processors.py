from meetings.rules import role_label


def roles(request):
    return {"portal_role": role_label(request.user)}
