"""Orders of the large lists that the pages and the API share, with the indexes that serve them."""

from cooperation.base.pagination import Keyset

# Decisions: newest year, body, § — all descending (index decision_year_body_section_d); pages past
# the first few go by keyset on the same three columns.
DECISION_ORDER = ("-section_year", "-body_id", "-section_number")
DECISION_KEYSET = Keyset("section_year", "body_id", "section_number")
