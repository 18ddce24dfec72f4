from django.urls import include, path

app_name = "registry"

# Each part of the register has its own URL module; all names live in the "registry" namespace.
urlpatterns = [
    path("", include("treem.registry.urls_pages")),
    path("", include("treem.registry.urls_io")),
    path("", include("treem.registry.urls_cleaning")),
]
