"""The councils' follow-up: a page per decision, one per municipality, and a council's row."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kkr_portal.transitions import InvalidTransition
from meetings import visibility
from meetings.downloads import stored_file_response
from meetings.models import Municipality
from municipalities import packs, selectors, services
from municipalities.calendar import municipality_calendar_response
from municipalities.forms import TreatmentForm
from municipalities.models import CouncilTreatment, MunicipalityPack
from municipalities.rules import can_download_pack, can_update_treatment, municipality_id_of


def followup_index(request):
    referrals = list(selectors.referrals_for(request.user).prefetch_related("treatments"))
    rows = []
    for referral in referrals:
        decision = selectors.published_decision(referral.item)
        treatments = list(referral.treatments.all())
        rows.append(
            {
                "referral": referral,
                "decision": decision,
                "done": sum(1 for t in treatments if not t.is_open),
                "total": len(treatments),
            }
        )
    return render(
        request,
        "municipalities/followup_index.html",
        {
            "rows": rows,
            "municipalities": Municipality.sorted_danish(Municipality.objects.all()),
            "own": municipality_id_of(request.user),
        },
    )


def followup_detail(request, pk):
    referral = get_object_or_404(selectors.referrals_for(request.user), pk=pk)
    audience = visibility.audience_of(request.user)
    decision = selectors.published_decision(referral.item, audience=audience)
    if decision is None:
        raise Http404
    treatments = selectors.treatments_of_referral(referral)
    for row in treatments:
        row.editable = can_update_treatment(request.user, row)
        row.overdue = selectors.is_overdue(row)
    return render(
        request,
        "municipalities/followup_detail.html",
        {"referral": referral, "decision": decision, "treatments": treatments},
    )


def municipality_followup(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    rows = selectors.treatments_of_municipality(municipality, user=request.user)
    for row in rows:
        row.decision = selectors.published_decision(row.referral.item)
        row.editable = can_update_treatment(request.user, row)
    recent = []
    if can_download_pack(request.user, municipality):
        recent = visibility.with_facts(visibility.published_meetings().order_by("-start")[:6])
    return render(
        request,
        "municipalities/municipality_followup.html",
        {"municipality": municipality, "rows": rows, "recent": recent},
    )


def treatment_edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    treatment = get_object_or_404(
        CouncilTreatment.objects.select_related("referral__item", "municipality"),
        pk=pk,
        referral__in=selectors.referrals_for(request.user),
    )
    if not can_update_treatment(request.user, treatment):
        raise PermissionDenied(_("Du kan kun opdatere din egen kommunes behandling."))
    form = TreatmentForm.for_treatment(treatment, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.treatment_update(treatment=treatment, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field, messages)
            else:
                form.add_error(None, error.messages)
        except InvalidTransition as error:
            form.add_error("status", str(error))
        else:
            return redirect("municipalities:followup_detail", treatment.referral_id)
    return render(
        request,
        "municipalities/treatment_form.html",
        {
            "treatment": treatment,
            "form": form,
            "decision": selectors.published_decision(treatment.referral.item),
        },
    )


@require_GET
def pack_download(request, code, meeting_pk):
    """A meeting's pack for a municipality's case system: its own users get the public pack of
    their municipality; members and the secretariat the members' pack of any municipality."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = get_object_or_404(Municipality, code=code)
    if not can_download_pack(request.user, municipality):
        raise PermissionDenied(_("Du kan kun hente pakker til din egen kommune."))
    meeting = get_object_or_404(visibility.meetings_for(request.user), pk=meeting_pk)
    version = visibility.readable_versions().filter(meeting=meeting).order_by("-number").first()
    if version is None:
        raise Http404
    pack = services.pack_request(version=version, municipality=municipality, user=request.user)
    if pack is not None and pack.status == MunicipalityPack.Status.DONE:
        response = stored_file_response(
            request,
            pack.file.name,
            filename=packs.pack_filename(version, municipality),
            inline=False,
        )
        response["Cache-Control"] = "private"
        return response
    response = render(
        request,
        "municipalities/pack_wait.html",
        {"pack": pack, "meeting": meeting, "facts": visibility.facts(meeting),
         "municipality": municipality, "version": version},
    )  # fmt: skip
    response.status_code = 202
    return response


def municipality_calendar(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    return municipality_calendar_response(request, municipality)
