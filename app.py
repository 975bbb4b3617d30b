"""Start the KI-Tutor web app: ``python app.py`` (same as ``tutor serve``)."""

from tutor.settings import load_settings
from tutor.web.server import serve

if __name__ == "__main__":
    serve(load_settings())
