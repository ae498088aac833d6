from django.contrib import admin

from undersigned.letters.models import (
    DuplicateSignOn,
    Letter,
    LetterTranslation,
    LetterVersion,
    Signature,
    SignatureEvent,
)


class TranslationInline(admin.StackedInline):
    model = LetterTranslation
    extra = 0


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("slug", "status", "source_lang", "deadline", "text_version")
    list_filter = ("status",)
    inlines = [TranslationInline]


class EventInline(admin.TabularInline):
    model = SignatureEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "action", "actor", "reason", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("name", "letter", "state", "publish_name", "created_at")
    list_filter = ("state", "publish_name", "letter")
    search_fields = ("name", "acronym")
    readonly_fields = ("state", "active", "confirm_nonce", "letter_version")
    inlines = [EventInline]


admin.site.register(LetterVersion)
admin.site.register(DuplicateSignOn)
