"""The floor endpoint of the sign-on benchmark: one row inserted in one transaction, through
the same server, middleware and database. Routed only when UNDERSIGNED_BENCH=1."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def floor(request):
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("INSERT INTO bench_floor (v) VALUES (%s)", [request.POST.get("v", "")])
    return HttpResponse(status=204)
