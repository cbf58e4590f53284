from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alerts.emails import alert_for_token
from alerts.forms import AlertForm
from alerts.models import Alert
from listings import admission

MAX_TOKEN_LENGTH = 200


def _own_alert(request: HttpRequest, pk: int) -> Alert:
    return get_object_or_404(Alert.objects.owned_by(request.user), pk=pk)


def _verified(user) -> bool:
    # Read with the member on each request (accounts.backends.MemberBackend), if it was.
    known = getattr(user, "email_verified", None)
    if known is not None:
        return known
    return EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


@require_safe
@admission.inline_first
@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    # The member read with the request says whether there are any (accounts.backends).
    has_alerts = getattr(request.user, "has_alerts", True)
    alerts = list(Alert.objects.owned_by(request.user)) if has_alerts else []
    context = {
        "alerts": alerts,
        "verified": _verified(request.user),
        "limit": settings.ALERTS_MAX_PER_USER,
        "at_limit": len(alerts) >= settings.ALERTS_MAX_PER_USER,
    }
    return render(request, "alerts/alert_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def alert_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        signup = reverse("account_signup")
        return redirect(f"{signup}?{urlencode({'next': request.get_full_path()})}")
    if request.method != "POST":
        form = AlertForm(request.GET)
        status = 200 if form.search_is_valid() else 400
        return render(
            request, "alerts/alert_form.html", {"form": form, "alert": None}, status=status
        )
    # Per user (ACCOUNT_RATE_LIMITS["create_alert"]): each alert costs every matching run.
    if throttled := ratelimit.consume_or_429(request, action="create_alert"):
        return throttled
    form = AlertForm(request.POST, request.POST, request=request)
    if not form.is_valid():
        return render(request, "alerts/alert_form.html", {"form": form, "alert": None}, status=400)
    with transaction.atomic():
        # Holding the user's row makes two concurrent creations count one after the other.
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
        if Alert.objects.owned_by(request.user).count() >= settings.ALERTS_MAX_PER_USER:
            limit = settings.ALERTS_MAX_PER_USER
            messages.error(
                request,
                f"You have {limit} alerts, the most we keep for one person. "
                "Delete one you no longer need to add this one.",
            )
            return render(
                request, "alerts/alert_form.html", {"form": form, "alert": None}, status=409
            )
        alert = form.save(request.user)
    if _verified(request.user):
        messages.success(request, f"Alert saved: {alert.describe()}.")
    else:
        messages.warning(
            request,
            "Alert saved. Confirm your email address first: the alert starts as soon as you do.",
        )
    return redirect("alerts:list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    if request.method != "POST":
        form = AlertForm(alert.search_params, instance=alert)
        return render(request, "alerts/alert_form.html", {"form": form, "alert": alert})
    form = AlertForm(request.POST, request.POST, instance=alert, request=request)
    if not form.is_valid():
        return render(request, "alerts/alert_form.html", {"form": form, "alert": alert}, status=400)
    form.save(request.user)
    messages.success(request, f"Alert updated: {alert.describe()}.")
    return redirect("alerts:list")


@require_POST
@login_required
def alert_pause(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    choice = request.POST.get("paused")
    if choice not in ("1", "0"):
        return HttpResponseBadRequest("Say paused=1 or paused=0.", content_type="text/plain")
    alert.pause(choice == "1")
    messages.success(request, f"Alert {'paused' if alert.paused else 'resumed'}.")
    return redirect("alerts:list")


@require_POST
@login_required
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    alert.delete()
    messages.success(request, "Alert deleted.")
    return redirect("alerts:list")


# Mail clients send the one-click POST (RFC 8058) with no cookie and no CSRF token; the
# signed token in the URL is the only credential, and all it can do is stop one alert.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    alert = alert_for_token(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if alert is None:
        return render(request, "alerts/bad_token.html", status=400)
    if request.method == "POST":
        alert.pause()
        return render(request, "alerts/unsubscribed.html", {"alert": alert})
    return render(request, "alerts/unsubscribe.html", {"alert": alert})
