import os

from django.core.wsgi import get_wsgi_application

from jobboard import deadlines

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
# A web process: settings give its database connections the web's short deadlines, and every
# wait on the database gives up at the request's deadline.
os.environ["JOBBOARD_WEB"] = "1"
deadlines.serve_web()

application = get_wsgi_application()
