from django.utils import translation


def site(request):
    return {"text_direction": "rtl" if translation.get_language_bidi() else "ltr"}
