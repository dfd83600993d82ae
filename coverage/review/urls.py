from django.urls import path

from coverage.review import views

urlpatterns = [
    path("", views.review, name="review"),
]
