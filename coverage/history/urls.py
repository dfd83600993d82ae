from django.urls import path

from coverage.history import views

urlpatterns = [
    path("", views.history, name="history"),
]
