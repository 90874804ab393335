"""Word tables of the quote rules (search.quotes): gender words, abbreviated ranks, audiences."""

from __future__ import annotations

GENDER_WORDS = {
    "mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "chairman": "m", "spokesman": "m",
    "congressman": "m", "father": "m", "brother": "m", "businessman": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f", "queen": "f",
    "princess": "f", "chairwoman": "f", "spokeswoman": "f", "congresswoman": "f", "sister": "f",
    "businesswoman": "f",
}  # fmt: skip
# Abbreviated ranks and titles: a dot after one does not end a sentence ("Det.-Sgt. Ruth").
RANK_ABBREV = frozenset(
    "det sgt supt insp cmdr brig cpl pte col lt gen maj capt adm cdr gov sen rep prof rev hon "
    "mr mrs ms dr st jr sr no fr".split()
)
ABBREV_ROLE = {
    "supt": "superintendent", "sgt": "sergeant", "det": "detective", "insp": "inspector",
    "col": "colonel", "gen": "general", "lt": "lieutenant", "capt": "captain", "maj": "major",
    "adm": "admiral", "gov": "governor", "sen": "senator", "rep": "representative",
    "prof": "professor", "cmdr": "commander", "brig": "brigadier", "cpl": "corporal",
}  # fmt: skip
# Nouns for the one spoken to ("told ABC radio", "told a news conference").
AUDIENCE = frozenset(
    "reporters journalists parliament court hearing committee inquiry conference briefing program "
    "programme radio television tv newspaper paper audience crowd agency network news media senate "
    "house assembly meeting rally supporters listeners viewers interviewer press".split()
)
