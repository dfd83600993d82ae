"""Turn the reasons the app wrote into the history in words (English or Indonesian, the writer's language) into the
codes that coverage/reasons.py shows in the reader's language. Reasons typed by people stay as typed.
"""
import json
import re

from django.db import migrations

# Frozen here rather than imported: a migration must keep meaning what it meant when written. Each code with the
# texts it was stored as, English and Indonesian; (?P<...>) captures the code's parameters.
STORED_AS = {
    "entered_in_form": [r"Entered in the form", r"Diisi melalui formulir"],
    "entered_in_grid": [r"Entered in the grid", r"Diisi melalui tabel provinsi"],
    "imported_approved": [r"Imported from the file “(?P<name>.*)”, approved on import",
                          r"Diimpor dari berkas “(?P<name>.*)”, disetujui saat impor"],
    "imported": [r"Imported from the file “(?P<name>.*)”", r"Diimpor dari berkas “(?P<name>.*)”"],
    "approved": [r"Approved", r"Disetujui"],
    "returned": [r"Returned: (?P<comment>.*)", r"Dikembalikan: (?P<comment>.*)"],
    "reopened": [r"Reopened: (?P<comment>.*)", r"Dibuka kembali: (?P<comment>.*)"],
    "demo": [r"load_demo"],
    "approved_when_review_began": [r"Approved when review began: figures stored before it are official"],
}
# The start of every text above, to read only the rows that may hold one.
STARTS = ("Entered in the ", "Diisi melalui ", "Imported from the file", "Diimpor dari berkas", "Approved", "Disetujui",
          "Returned: ", "Dikembalikan: ", "Reopened: ", "Dibuka kembali: ", "load_demo")
PATTERNS = [(code, re.compile(text, re.DOTALL)) for code, texts in STORED_AS.items() for text in texts]
HISTORIES = ("HistoricalCoverageSnapshot", "HistoricalTarget")


def coded(text):
    for code, pattern in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return json.dumps({"reason": code, **found.groupdict()}, ensure_ascii=False, sort_keys=True)
    return None


def english(stored):
    """Back to the English words (the language the codes' keys are written in)."""
    try:
        params = json.loads(stored)
        code = params.pop("reason")
        text = STORED_AS[code][0]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return re.sub(r"\(\?P<(\w+)>\.\*\)", lambda name: params.get(name.group(1), ""), text)


def convert(apps, rewrite, starts):
    """Rewrite each distinct stored reason once, with one UPDATE for all the rows that hold it."""
    for name in HISTORIES:
        History = apps.get_model("coverage", name)
        for start in starts:
            stored = (History.objects.filter(history_change_reason__startswith=start)
                      .values_list("history_change_reason", flat=True).distinct())
            for text in list(stored):
                new = rewrite(text)
                if new is not None:
                    History.objects.filter(history_change_reason=text).update(history_change_reason=new)


def to_codes(apps, schema_editor):
    convert(apps, coded, STARTS)


def to_words(apps, schema_editor):
    convert(apps, english, ['{"'])


class Migration(migrations.Migration):
    dependencies = [("coverage", "0013_snapshot_list_indexes")]

    operations = [migrations.RunPython(to_codes, to_words)]
