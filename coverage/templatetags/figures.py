"""Template filters for figures on the officials' pages, localised by Django (935.079 / 935,079)."""
from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def signed(value):
    """A change in points with its sign, localised: +0,41 / -1,20 (en: +0.41 / -1.20); empty for None."""
    if value is None:
        return ""
    text = formats.localize(value, use_l10n=True)
    return f"+{text}" if value > 0 else text


@register.filter
def row_class(row) -> str:
    """The CSS classes of a ranking row: highest / lowest stand out, rows without data are muted."""
    place = "highest" if row.is_highest else "lowest" if row.is_lowest else ""
    return place if row.has_data else "no-data"


@register.filter
def place_badge(row):
    """A word next to the name of the highest and the lowest place, so that colour is never the only sign."""
    if row.is_highest:
        return format_html('<span class="badge top">{}</span>', _("highest"))
    if row.is_lowest:
        return format_html('<span class="badge bottom">{}</span>', _("lowest"))
    return ""


@register.filter
def status_badge(row):
    """The status against the target as a coloured word: reached / close / behind, or "no target"."""
    if row.target_status:
        return format_html('<span class="status {}">{}</span>', row.target_status, row.target_status_label)
    return format_html('<span class="status none">{}</span>', _("no target"))


# The figures both rankings show, in the export's column order, with the class of their cell.
FIGURE_CELLS = (
    ("participants", "num"), ("working_population", "num"), ("coverage_pct", "num strong"), ("target_pct", "num"),
    ("gap_pp", "num"), ("participants_needed", "num"),
)
# One format string for the six cells: a single format_html call per row (the national list has 514 rows).
_FIGURE_CELLS_HTML = "".join(f'<td class="{css}" data-label="{{}}">{{}}</td>' for _name, css in FIGURE_CELLS)


@register.filter
def figure_cells(row, labels):
    """The figure cells of a ranking row, localised (935.079 / 935,079), each labelled for the phone layout."""
    values = []
    for name, _css in FIGURE_CELLS:
        value = getattr(row, name)
        values += [labels[name], "\N{EN DASH}" if value is None else formats.localize(value, use_l10n=True)]
    return format_html(_FIGURE_CELLS_HTML, *values)


@register.filter
def outlook_badge(row):
    """The outlook as a word with its mark (never colour alone); empty without an outlook (no target)."""
    if not row.outlook:
        return ""
    return format_html('<span class="outlook {}"><span class="mark" aria-hidden="true">{}</span> {}</span>',
                       row.outlook, row.outlook_mark, row.outlook_label)


# The outlook's figures, in the export's column order, after the figure cells.
OUTLOOK_CELLS = ("pace_per_month", "needed_per_month", "projected_pct")
_OUTLOOK_CELLS_HTML = "".join('<td class="num" data-label="{}">{}</td>' for _name in OUTLOOK_CELLS)


@register.filter
def outlook_cells(row, labels):
    """The outlook's cells of a ranking row (pace, needed a month, projected %), localised and labelled."""
    values = []
    for name in OUTLOOK_CELLS:
        value = getattr(row, name)
        values += [labels[name], "\N{EN DASH}" if value is None else formats.localize(value, use_l10n=True)]
    return format_html(_OUTLOOK_CELLS_HTML, *values)


@register.filter
def magnitude(value):
    """A number without its sign, for sentences that say "gained" or "lost" (None stays None)."""
    return None if value is None else abs(value)
