import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from jobboard import deadlines

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
# A web process: settings give its database connections the web's short deadlines, and every
# wait on the database gives up at the request's deadline.
os.environ["JOBBOARD_WEB"] = "1"
deadlines.serve_web()

application = get_wsgi_application()


def settle() -> None:
    """Load what every request needs (the URLconf and the views it imports), then take the
    objects that live as long as the process out of the cycle collector's sight.

    A full collection walks every tracked object. With the ~100,000 of Django, the apps and
    their imports among them, each took 50 to 120 ms of a web process, holding up all its
    threads, about once a second under load; freezing them took a mixed load's anonymous p99
    from 590 to 258 ms (docs/PERFORMANCE.md, "Collector pauses"). Frozen, they are never
    walked again; a full collection sees only what requests made since.
    """
    get_resolver().url_patterns  # noqa: B018 (imports jobboard.urls and every view)
    gc.collect()
    gc.freeze()


settle()
