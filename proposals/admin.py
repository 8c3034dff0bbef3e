from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "organisation", "starts_at", "ends_at", "state")
    list_filter = ("state", "year")
    search_fields = ("title",)
    autocomplete_fields = ("organisation",)
