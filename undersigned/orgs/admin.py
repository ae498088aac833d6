from django.contrib import admin

from undersigned.orgs.models import Organization, OrganizationName


class NameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("primary_name", "acronym", "country", "website")
    search_fields = ("primary_name", "acronym", "names__text")
    inlines = [NameInline]
