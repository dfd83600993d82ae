"""Forms of the upload pages: the file, and what the user confirms after the preview."""
from django import forms
from django.utils.translation import gettext_lazy as _

from coverage.imports import reading
from coverage.snapshots.fields import CutOffField


class TemplateForm(forms.Form):
    """The date a downloaded template's rows carry (GET `as_of`; without one, the latest month's end)."""

    as_of = CutOffField(label=_("Cut-off date of the template"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        reading.check_size(upload.size, max_bytes=reading.MAX_UPLOAD_BYTES)  # before the file is read at all
        return upload


class ConfirmForm(forms.Form):
    """After the preview: store everything, or only the valid rows; say why implausible figures are right."""

    only_valid = forms.BooleanField(label=_("Store only the valid rows and leave out the refused ones"),
                                    required=False)
    implausible_note = forms.CharField(
        label=_("These figures are right although they moved far: why?"), required=False, max_length=2000,
        help_text=_("Kept as the note of each such row that has none."),
        widget=forms.Textarea(attrs={"rows": 2}))
    approve = forms.BooleanField(
        label=_("Store them approved: a historical load of figures that are already official"), required=False,
        help_text=_("Only for figures checked elsewhere; the history says they were approved on import."))
