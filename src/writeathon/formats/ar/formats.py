# Django's Arabic formats do not group digits; campaign totals in the millions need it.
# Latin digits with comma grouping, as the counter script also shows them.
from __future__ import annotations

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
