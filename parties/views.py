from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from .forms import PartyFilterForm, PartyForm
from .models import ContactPerson, EmploymentArea, EmploymentAreaMembership, Party, PartyName, PartySuccession


class PartyListView(LoginRequiredMixin, ListView):
    template_name = "parties/party_list.html"
    context_object_name = "parties"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PartyFilterForm(self.request.GET or None)
        # Active parties before ended ones (an ended party has a valid_until in the past), then by name.
        today = timezone.localdate()
        parties = Party.objects.annotate(
            ended=Case(When(valid_until__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("ended", "name_fi")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                q = data["q"].strip()
                parties = parties.filter(
                    Q(name_fi__icontains=q) | Q(name_sv__icontains=q) | Q(business_id__startswith=q)
                    | Q(municipality_code=q.removeprefix("KU"))
                    | Q(pk__in=PartyName.objects.filter(name_fi__icontains=q).values("party_id"))  # former names
                )
            if data["kind"]:
                parties = parties.filter(kind=data["kind"])
            if data["active"]:
                parties = parties.active_on(timezone.localdate())
        return parties

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        # Per-row "edit" links from one query over the page's rows, not one check per row.
        page_ids = [party.pk for party in context["parties"]]
        context["editable_ids"] = set(
            Party.objects.filter(pk__in=page_ids).editable_by(self.request.user).values_list("pk", flat=True)
        )
        return context


class PartyDetailView(LoginRequiredMixin, DetailView):
    template_name = "parties/party_detail.html"
    context_object_name = "party"
    queryset = Party.objects.prefetch_related(
        Prefetch("contacts", queryset=ContactPerson.objects.order_by("name")),
        Prefetch("names", queryset=PartyName.objects.order_by("valid_until")),
        Prefetch("successions_in", queryset=PartySuccession.objects.select_related("predecessor")),
        Prefetch("successions_out", queryset=PartySuccession.objects.select_related("successor")),
        Prefetch("area_memberships", queryset=EmploymentAreaMembership.objects.select_related("area")),
        "hosted_areas",
    )

    def get_context_data(self, **kwargs):
        party = self.object
        return super().get_context_data(
            can_edit=party.can_be_edited_by(self.request.user), active=party.is_active_on(), **kwargs
        )


class PartyCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    permission_required = "parties.add_party"
    raise_exception = True
    form_class = PartyForm
    template_name = "parties/party_form.html"

    def get_success_url(self):
        messages.success(self.request, _("The party was saved."))
        return reverse("parties:detail", args=[self.object.pk])


class PartyUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "parties.change_party"
    raise_exception = True
    form_class = PartyForm
    model = Party
    template_name = "parties/party_form.html"

    def has_permission(self):
        return self.get_object().can_be_edited_by(self.request.user)

    def get_success_url(self):
        messages.success(self.request, _("The party was saved."))
        return reverse("parties:detail", args=[self.object.pk])


class EmploymentAreaListView(LoginRequiredMixin, ListView):
    template_name = "parties/area_list.html"
    context_object_name = "areas"
    queryset = EmploymentArea.objects.select_related(
        "responsible_municipality", "employment_authority"
    ).prefetch_related(
        Prefetch("memberships", queryset=EmploymentAreaMembership.objects.select_related("municipality"))
    )
