from django.contrib import admin

from undersigned.advocacy.models import (
    Amendment,
    Ask,
    AskStatus,
    AskStatusChange,
    Campaign,
    OutreachLog,
    Resolution,
    Sponsorship,
    Vote,
    VoteCast,
)


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 0


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("symbol", "title", "body", "session", "outcome", "acted_on")
    list_filter = ("body", "outcome", "session")
    search_fields = ("symbol", "adopted_symbol", "title", "mandate")
    inlines = [SponsorshipInline, AmendmentInline]


class VoteCastInline(admin.TabularInline):
    model = VoteCast
    extra = 0


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("resolution", "amendment", "held_on", "passed")
    inlines = [VoteCastInline]


class AskInline(admin.TabularInline):
    model = Ask
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "resolution", "letter", "created_at")
    inlines = [AskInline]


class HistoryInline(admin.TabularInline):
    model = AskStatusChange
    extra = 0
    can_delete = False
    readonly_fields = (
        "from_status",
        "to_status",
        "derived",
        "evidence",
        "changed_by",
        "changed_at",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AskStatus)
class AskStatusAdmin(admin.ModelAdmin):
    list_display = ("ask", "state_code", "status", "derived", "changed_by", "changed_at")
    list_filter = ("status", "derived", "ask__campaign")
    inlines = [HistoryInline]


@admin.register(OutreachLog)
class OutreachLogAdmin(admin.ModelAdmin):
    list_display = ("campaign", "state_code", "happened_on", "channel", "author")
    list_filter = ("campaign", "channel")
