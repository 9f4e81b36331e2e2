"""The wording the questionnaire linter looks for, in English, French and Spanish.

One :class:`Patterns` per language, one field per rule of :mod:`ctie_helpers.methods.questionnaire`.
Each is a regular expression matched against the lower-cased question (or its joined answer options),
so a methodologist reviewing a language reads one block, and the tests in
``tests/test_methods_questionnaire_lang.py`` show what each block must and must not catch.

Why Python and not a JSON file beside the content data: these are regular expressions (word boundaries,
optional numbers, accented and unaccented spellings, look-aheads that keep "exploitation agricole" or
"le trata bien" out), not phrases a translator fills in. In JSON every backslash would be doubled and no
comment could say why an exclusion is there; here the patterns are raw strings with their reasons
beside them, compiled once per language on first use.

The English patterns are the linter's original ones, unchanged. French and Spanish are written for
how survey questions are worded in those languages (inverted yes/no questions « avez-vous… »,
« a-t-il… »; Spanish questions that open with « ¿ »; negative concord « ne… jamais », « no… nunca »,
which is one negation, not two), and allow for trainees who leave accents out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ctie_helpers.i18n import normalize

__all__ = ["Patterns", "patterns"]


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns of one language (see the module docstring)."""

    lang: str
    yes_no: re.Pattern[str]          # Q01: a yes/no question opens the sentence or the clause after a lead-in
    conjunction: re.Pattern[str]     # Q01: ... and joins two things
    leading: re.Pattern[str]         # Q02
    negation: re.Pattern[str]        # Q03: each match is one negation
    concord: re.Pattern[str] | None  # Q03: negative words that are a negation only before the first `negation`
    jargon: re.Pattern[str]          # Q04
    event_start: re.Pattern[str]     # Q05: the question asks about events (past, or how often)
    recall: re.Pattern[str]          # Q05: ... and this gives the time frame
    dont_know: re.Pattern[str]       # Q06
    no_answer: re.Pattern[str]       # Q06
    identifying: re.Pattern[str]     # Q07
    needs_unit: re.Pattern[str]      # Q09
    unit: re.Pattern[str]            # Q09

    def prepare(self, text: str) -> str:
        """The text as the patterns expect it: lower case; in French and Spanish ’ written as '."""
        text = text.lower()
        return text if self.lang == "en" else text.replace("\u2019", "'")


_EN: dict[str, str | None] = {
    "yes_no": r"(^|,\s*)(are|is|was|were|did|do|does|have|has|had|can|could|will|would)\b",
    "conjunction": r"\b(and|as well as)\b",
    "leading": (
        r"^(don't|do not|wouldn't|would not|isn't|is not|aren't|shouldn't|should not|can't)\s+you\b"
        r"|^(isn't|is not|aren't|wasn't) it\b|\bdo(n't)? you agree\b|\bwouldn't you say\b"
        r"|\b(obviously|surely|of course|clearly|everyone knows|terrible|evil|criminal|shameful|dangerous)\b"),
    "negation": r"\b(not|no|never|none|nobody|nothing|neither|nor|without)\b|n't\b",
    "concord": None,
    "jargon": (
        r"\b(traffick\w*|smuggl\w*|victims?|slave\w*|servitude|debt bondage|exploit\w*|perpetrators?"
        r"|forced labou?r|forced marriage|coerc\w*|modern slavery|nrm|tip)\b"),
    "event_start": r"(^|,\s*)(did|have|has|had|were|was|how often|how many times)\b",
    "recall": (
        r"\b(in|during|over|within) the (last|past|previous)\b|\bsince\b|\b(last|past) (\d+ )?"
        r"(day|week|month|year)s?\b|\b\d+\s*(day|week|month|year)s?\b|\btoday\b|\byesterday\b"
        r"|\bthis (week|month|year)\b|\bduring (the|your) journey\b"),
    "identifying": (
        r"\b(names?|full name|surname|phone|telephone|mobile number|whatsapp|e-?mail|address|gps|coordinates"
        r"|exact location|exactly where|where exactly|house number|id number|passport number)\b"),
    "dont_know": r"\b(don'?t|do not) know\b|\bunsure\b|\bnot sure\b",
    "no_answer": r"\bprefer not\b|\brefuse[sd]?\b|\bdeclined?\b|\bno answer\b",
    "needs_unit": r"\b(age|old|money|amount|pay|paid|income|debt|cost|price|salary|wage)\b",
    "unit": r"\b(years?|months?|days?|weeks?|local currency|xar|usd|dollars?|euros?|in \w+ currency)\b",
}

# --- French -------------------------------------------------------------------------------------------
# Question words: a clause opening with one asks "what/how many/where...", not yes or no.
_FR_WH = (r"(?!(combien|quand|o[uù]|comment|pourquoi|quel|quelle|quels|quelles|lequel|laquelle|lesquels"
          r"|lesquelles|qui|que|quoi|[aà] quel\w*|de quel\w*|depuis quand|d'o[uù]|par o[uù])\b|qu')")
_FR_PRON = r"(vous|tu|il|elle|ils|elles|on|je|nous)"
# A past participle: « payé », « reçu », « pris », « fait », « offert », « dû »... (not « du », « peu »: « avez-vous
# du travail ? » asks about now)
_FR_PART = r"(?!(plus|du|peu|lui|ici|aussi|parmi|ceci|oui|si|ni|vous|nous)\b)\w*(é|ée|és|ées|i|ie|is|ies|ise|u|ue|us|ues|û|it|ite|its|ert|erte|eint|ainte|ait)\b"
_FR_ADV = r"(d[eé]j[aà]\s+|jamais\s+|r[eé]cemment\s+|bien\s+|tou(s|tes|t)\s+|[eé]t[eé]\s+)?"
# être + participle (« est-il parti », « sont-elles venues »): the verbs that take être in the passé composé.
_FR_ETRE_PART = (r"(parti|all[eé]|venu|revenu|devenu|arriv[eé]|rentr[eé]|retourn[eé]|sorti|entr[eé]|mort"
                 r"|d[eé]c[eé]d[eé]|n[eé]|tomb[eé]|rest[eé]|pass[eé]|mont[eé]|descendu)(e|s|es)?\b")
_FR: dict[str, str | None] = {
    "yes_no": (r"(^|,\s*)" + _FR_WH
               + r"(est-ce qu|([\w'-]+\s+){0,5}?[\w']+-(t-)?" + _FR_PRON + r"\b)"),
    "conjunction": r"\b(et|ainsi que)\b",
    "leading": (
        # « Ne pensez-vous pas que… », « N'êtes-vous pas… », « …, n'est-ce pas ? »
        r"(^|,\s*)n(e\s+|')[\w]+-(t-)?(vous|tu|il|elle|on|ce)\s+pas\b"
        r"|\b([eê]tes|es)-(vous|tu) d'accord\b|\bne diriez-vous pas\b"
        r"|\b([eé]videmment|bien s[uû]r|forc[eé]ment|clairement|manifestement|tout le monde sait|terribles?"
        r"|horribles?|criminel(le)?s?|honteu(x|se|ses)|dangereu(x|se|ses)|scandaleu(x|se|ses))\b"),
    # French negation is « ne… pas/jamais/rien/personne »: the particle counts once, its partner not at all.
    "negation": r"\bne\b|\bn'|\bsans\b|\bnon\b",
    "concord": None,
    "jargon": (
        # « la traite » / « traite des personnes » but not « traité » (treated, treaty) or « il vous traite ».
        r"\btraite des (personnes|[eê]tres humains|femmes|enfants)\b|\b(la|de|en|par|contre la) traite\b"
        r"|\btrafic (illicite )?de (migrants|personnes|[eê]tres humains)\b|\btrafiquants?\b"
        r"|\bvictimes?\b|\besclav\w*|\bservitude( pour dettes?)?\b"
        # « exploitation agricole / minière » is a farm or a mine, not exploitation.
        r"|\bexploit(é|ée|és|ées|e|es|ation|ations|er|eurs?|euses?)\b(?!\s+(agricoles?|mini[eè]res?"
        r"|foresti[eè]res?|familiales?))"
        r"|\bauteurs? (de|des) (crimes?|faits|infractions?)\b|\btravail forc[eé]\b|\bmariage forc[eé]\b"
        r"|\bcoerci\w*|\besclavage moderne\b|\bm[eé]canisme national d'orientation\b"),
    "event_start": (
        r"(^|,\s*)" + _FR_WH + r"([\w'-]+\s+){0,5}?("
        r"(avez|as|a|ont|avait|aviez|avaient)(-t)?(-" + _FR_PRON + r")?\s+" + _FR_ADV + _FR_PART
        + r"|(est|sont|[eê]tes|es)(-t)?(-" + _FR_PRON + r")?\s+(d[eé]j[aà]\s+)?" + _FR_ETRE_PART
        + r"|([eé]tiez|[eé]tait|[eé]taient|y avait)(-t)?(-" + _FR_PRON + r")?\b)"
        r"|\bcombien de fois\b|\b[aà] quelle fr[eé]quence\b"),
    "recall": (
        r"\bau cours (des|du|de la|de l'|de cette|de ce)\b"
        r"|\b(pendant|durant|dans|sur) (les|le|la|l')\s*(\d+\s+)?(derni[eè]re?s?|pass[eé]e?s?)\b"
        r"|\bdepuis\b|\bderni[eè]re?s? (\d+\s+)?(jours?|semaines?|mois|ann[eé]es?|ans)\b"
        r"|\b(jours?|semaines?|mois|ann[eé]es?|ans) (derni[eè]re?s?|pass[eé]e?s?|pr[eé]c[eé]dente?s?)\b"
        r"|\b\d+\s*(jours?|semaines?|mois|ann[eé]es?|ans)\b|\baujourd'hui\b|\bhier\b"
        r"|\bcette (semaine|ann[eé]e)\b|\bce mois\b|\b(pendant|durant|au cours de) (le|votre|ce) (voyage|trajet)\b"),
    "identifying": (
        r"\b(noms?|nom complet|nom de famille|pr[eé]noms?|t[eé]l[eé]phone|portable|whatsapp|e-?mail|courriel"
        r"|adresse|gps|coordonn[eé]es|lieu exact|endroit exact|o[uù] exactement|exactement o[uù]"
        r"|num[eé]ro de (maison|passeport|carte d'identit[eé]|pi[eè]ce d'identit[eé])|num[eé]ro d'identit[eé])\b"),
    "dont_know": (r"\b(ne )?(sai[st]|sais) pas\b|\bnsp\b|\bpas s[uû]re?\b|\bincertaine?\b|\bne peu[xt] pas dire\b"
                  r"|\bne conna[iî]t pas\b"),
    "no_answer": (r"\bpr[eé]f[eè]re (ne pas|pas) (r[eé]pondre|le dire)\b|\bpr[eé]f[eè]re ne rien dire\b|\brefus\w*"
                  r"|\bne (veut|souhaite) pas r[eé]pondre\b|\b(pas de|sans|non) r[eé]ponse\b|\bnrp\b"),
    "needs_unit": (r"\b([aâ]ge|argent|montant|somme|pay[eé]e?s?|paie|salaires?|revenus?|dettes?|co[uû]t|co[uû]te"
                   r"|co[uû]t[eé]|prix|gagn\w*|r[eé]mun[eé]r\w*)\b"),
    "unit": (r"\b(ans|an|ann[eé]es?|mois|jours?|semaines?|monnaie locale|devise locale|francs?( cfa)?|fcfa|cfa"
             r"|gourdes?|xar|usd|dollars?|euros?)\b|\ben monnaie\b"),
}

# --- Spanish ------------------------------------------------------------------------------------------
_ES_WH = (r"(?!(qu[eé]|cu[aá]l|cu[aá]les|cu[aá]nt[oa]s?|cu[aá]ndo|d[oó]nde|ad[oó]nde|c[oó]mo|por qu[eé]"
          r"|qui[eé]n|qui[eé]nes|para qu[eé]|de qu[eé]|a qu[eé]|con qu[eé]|en qu[eé]|desde cu[aá]ndo"
          r"|hace cu[aá]nto)\b)")
# Past: perfect « ha trabajado », « le han ofrecido », « ha visto »; preterite « trabajó », « salieron », « fue ».
_ES_PAST = (r"(ha|han|has|he|hemos|hab[ií]a|hab[ií]an|hab[ií]as)\s+(\w+\s+)?\w*(ado|ada|ados|adas|ido|ida|idos"
            r"|idas|[ií]do|isto|echo|uesto|icho|ito|ierto|uelto|uerto)\b"
            r"|(fue|fueron|estuvo|estuvieron|tuvo|tuvieron|hubo)\b|\w+(ó|aron|ieron)\b")
_ES: dict[str, str | None] = {
    "yes_no": (r"(^|,\s*)¿\s*" + _ES_WH + r"\w"
               # trainees often leave out « ¿ »: then a verb or pronoun that opens a yes/no question (not the
               # articles « la », « lo »: « La edad y el sexo… » is a heading, not a question)
               r"|(^|,\s*)(ha|han|has|he|hay|hubo|hab[ií]a|tiene|tienen|tuvo|tuvieron|es|son|fue|fueron"
               r"|est[aá]|est[aá]n|estuvo|puede|pueden|podr[ií]a|le|les|se|alguien|usted|sabe|conoce)\b"),
    "conjunction": r"\b(y|e|as[ií] como)\b",
    "leading": (
        # « ¿No cree usted que…? », « ¿No le parece…? », « …, ¿verdad? », « ¿Está de acuerdo en que…? »
        r"(^|,\s*)¿?\s*no (cree|creen|crees|piensa|piensan|piensas|le parece|te parece|les parece|es cierto"
        r"|es verdad|est[aá] de acuerdo|est[aá]s de acuerdo|dir[ií]a|ser[ií]a)\b|\bverdad que\b"
        r"|,\s*¿?\s*(no|verdad)\s*\?|\best[aá]n? de acuerdo\b|\best[aá]s de acuerdo\b"
        r"|\b(obviamente|evidentemente|claramente|por supuesto|desde luego|todo el mundo sabe|todos saben"
        r"|terribles?|horribles?|criminales?|vergonzos[oa]s?|peligros[oa]s?|escandalos[oa]s?)\b"),
    "negation": r"\b(no|sin)\b",
    # Negative concord: in « no… nunca » the « nunca » adds nothing; in « nunca… sin… » it is the negation.
    "concord": r"\b(nunca|jam[aá]s|nadie|nada|ning[uú]n|ninguna|ninguno|ningunos|ningunas|tampoco)\b",
    "jargon": (
        # « la trata » / « trata de personas » but not « le trata bien » (treats) or « se trata de » (it is about).
        r"\btrata de (personas|seres humanos|mujeres|ni[nñ]os|ni[nñ]as|menores)\b"
        r"|\b(la|de|por|contra la|para) trata\b|\btratantes?\b"
        r"|\btr[aá]fico (il[ií]cito )?de (migrantes|personas)\b|\btraficantes?\b"
        r"|\bv[ií]ctimas?\b|\besclav\w*|\bservidumbre( por deudas?)?\b"
        # « explotación agrícola / ganadera / minera » is a farm or a mine.
        r"|\bexplota(d[oa]s?|ci[oó]n|ciones|r|dor|dores|dora|doras)\b(?!\s+(agr[ií]colas?|ganaderas?|mineras?"
        r"|forestales?|familiar(es)?))"
        r"|\btrabajo (forzoso|forzado)\b|\bmatrimonio (forzoso|forzado)\b|\bcoacci[oó]n\b|\bcoaccionad\w*"
        r"|\besclavitud moderna\b|\bperpetradores?\b|\bvictimarios?\b"),
    "event_start": (r"(^|,\s*)¿?\s*" + _ES_WH + r"(\w+\s+){0,6}?(" + _ES_PAST + r")"
                    r"|\bcu[aá]ntas veces\b|\bcon qu[eé] frecuencia\b"),
    "recall": (
        r"\b(en|durante) (los|las|el|la) (\d+\s+)?([uú]ltim[oa]s?|pasad[oa]s?)\b"
        r"|\b([uú]ltim[oa]s?|pasad[oa]s?) (\d+\s+)?(d[ií]as?|semanas?|mes|meses|a[nñ]os?)\b"
        r"|\b(d[ií]as?|semanas?|mes|meses|a[nñ]os?) (pasad[oa]s?|anteriores?)\b|\bdesde\b"
        r"|\b\d+\s*(d[ií]as?|semanas?|mes|meses|a[nñ]os?)\b|\bhoy\b|\bayer\b|\best[ea] (semana|mes|a[nñ]o)\b"
        r"|\b(durante|en) (el|su) (viaje|trayecto|recorrido)\b"),
    "identifying": (
        r"\b(nombres?|nombre completo|apellidos?|tel[eé]fono|celular|m[oó]vil|whatsapp|e-?mail|correo"
        r"|direcci[oó]n|domicilio|gps|coordenadas|ubicaci[oó]n exacta|lugar exacto|d[oó]nde exactamente"
        r"|exactamente d[oó]nde|n[uú]mero de (casa|pasaporte|c[eé]dula|dni|identificaci[oó]n|documento))\b"),
    "dont_know": r"\bno (s[eé]|sabe|saben|sabes|sabr[ií]a|conoce)\b|\bns\b|\bno est[aá] segur[oa]\b|\binsegur[oa]\b",
    "no_answer": (r"\bprefier[eo] no (responder|contestar|decir(lo)?)\b|\bno (responde|contesta)\b"
                  r"|\bno (desea|quiere) (responder|contestar)\b|\brehús\w*|\brehus\w*|\bse niega\b|\brechaz\w*"
                  r"|\bsin respuesta\b|\bnc\b"),
    "needs_unit": (r"\b(edad|dinero|monto|importe|pag[oó]|pagad[oa]s?|pago|pagos|ingresos?|deudas?|costos?|coste"
                   r"|cost[oó]|precio|salario|sueldo|jornal)\b"),
    "unit": (r"\b(a[nñ]os?|mes|meses|d[ií]as?|semanas?|moneda local|moneda nacional|pesos?|bol[ií]vares?"
             r"|d[oó]lares?|euros?|quetzales?|lempiras?|colones?|soles?|xar|usd)\b|\ben moneda\b"),
}

_SOURCES: dict[str, dict[str, str | None]] = {"en": _EN, "fr": _FR, "es": _ES}  # one entry per language of ctie_helpers.i18n.LANGUAGES


@cache
def patterns(lang: str) -> Patterns:
    """The compiled patterns of ``lang`` (``"en"``, ``"fr"`` or ``"es"``; ``"fr_FR"`` is read as ``"fr"``)."""
    code = normalize(lang)
    compiled = {key: re.compile(src) if src else None for key, src in _SOURCES[code].items()}
    return Patterns(lang=code, **compiled)  # type: ignore[arg-type]
