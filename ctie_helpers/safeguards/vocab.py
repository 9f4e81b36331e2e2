"""Column-name vocabularies in English, French and Spanish, and the normaliser that matches them.

Names are compared after :func:`normalise_name`: accents stripped, camelCase split, punctuation turned
into spaces, lower case. A term matches when its words appear as consecutive words of the name, so
``"phone"`` matches ``"Phone number"`` and ``"telephone_mobile"`` but not ``"headphones"``; ``"tel"`` never
matches ``"hotel"``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CASE_TERMS",
    "CTDC_VARIABLES",
    "DIRECT_TERMS",
    "PLACE_WORDS",
    "QUASI_TERMS",
    "RECORD_ID_TERMS",
    "SENSITIVE_TERMS",
    "matches",
    "normalise_name",
]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def normalise_name(name: object) -> str:
    """Lower-case, accent-free, space-separated words of a column name (``"fechaDeNacimiento"`` -> ``"fecha de nacimiento"``)."""
    text = _CAMEL.sub(" ", str(name))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def matches(name: str, terms: tuple[str, ...]) -> str | None:
    """Return the first term of ``terms`` found as whole consecutive words in the normalised ``name``."""
    padded = f" {name} "
    for term in terms:
        if f" {term} " in padded:
            return term
    return None


# Direct identifiers by column name, per kind. Order matters: a column is given the first kind that
# matches, so "email address" is an e-mail (not a street address) and "phone number" is a phone.
DIRECT_TERMS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e mail", "mail", "courriel", "correo", "correo electronico", "adresse electronique",
              "adresse mail"),
    "phone": ("phone", "phone number", "telephone", "tel", "mobile", "cell", "cellphone", "whatsapp", "msisdn",
              "contact number", "portable", "telefono", "celular", "movil", "numero de telephone"),
    "gps": ("gps", "latitude", "longitude", "lat", "lon", "lng", "long", "geopoint", "coordinates", "coords",
            "coordonnees", "coordenadas", "geolocation", "location gps"),
    "date_of_birth": ("dob", "date of birth", "birth date", "birthdate", "birthday", "born", "date naissance",
                      "date de naissance", "ddn", "naissance", "fecha de nacimiento", "fecha nacimiento",
                      "nacimiento", "fdn"),
    "id_number": ("passport", "passeport", "pasaporte", "id number", "id no", "id num", "national id",
                  "identity", "identite", "identidad", "id card", "carte d identite", "cni", "nin", "ssn",
                  "dni", "cedula", "documento", "document number", "numero de document", "numero de documento",
                  "unhcr id", "progres id", "registration number", "numero d identification", "nid"),
    "address": ("address", "street", "home address", "residence address", "adresse", "rue", "domicile",
                "direccion", "domicilio", "calle", "house number", "numero de maison"),
    "name": ("name", "names", "full name", "fullname", "first name", "firstname", "last name", "lastname",
             "surname", "family name", "given name", "middle name", "nickname", "alias", "nom", "noms",
             "prenom", "prenoms", "nom de famille", "nom complet", "nom et prenom", "nom prenom",
             "nombre", "nombres", "apellido", "apellidos", "nombre completo", "nombres y apellidos",
             "primer nombre", "segundo nombre", "primer apellido", "segundo apellido"),
    "narrative": ("comment", "comments", "narrative", "narratives", "note", "notes", "remark", "remarks",
                  "observation", "observations", "observacion", "observaciones", "commentaire", "commentaires",
                  "comentario", "comentarios", "description", "details", "story", "statement", "testimony",
                  "recit", "relato", "historia", "temoignage", "testimonio", "explain", "explanation",
                  "specify", "other specify", "precisez", "especifique", "free text", "texte libre",
                  "texto libre"),
}

# A "name" column about a place or an organisation is not a person's name.
PLACE_WORDS: tuple[str, ...] = (
    "site", "admin", "admin0", "admin1", "admin2", "admin3", "adm", "adm1", "adm2", "place", "location",
    "village", "camp", "district", "region", "province", "county", "country", "city", "town", "org",
    "organisation", "organization", "agency", "partner", "file", "sheet", "facility", "school", "hospital",
    "company", "settlement", "community", "project", "programme", "program", "indicator", "list", "lieu",
    "localite", "pays", "ville", "commune", "lugar", "localidad", "pais", "ciudad", "municipio",
    "departement", "departamento", "structure", "service", "variable", "field", "column", "dataset",
    "source", "enumerator", "enqueteur", "encuestador", "team", "equipe", "equipo",
    # French and Spanish places and organisations ("nom du site", "nombre del sitio", "nombre de la comunidad")
    "sitio", "campamento", "comunidad", "barrio", "vereda", "corregimiento", "provincia", "distrito", "aldea",
    "quartier", "zona", "zone", "area", "centre", "centro", "center", "ecole", "escuela", "hopital",
    "etablissement", "establecimiento", "organizacion", "organisme", "organismo", "institucion",
    "institution", "ong", "ngo", "entidad", "entite",
)

# Internal record identifiers: a linkage key, not a personal identifier by itself.
RECORD_ID_TERMS: tuple[str, ...] = (
    "id", "uuid", "key", "hh id", "household id", "respondent id", "record id", "case id", "case number",
    "case no", "case ref", "case code", "submission id", "instance id", "interview id", "form id", "index",
    "row id", "beneficiary id", "individual id", "person id", "registration id", "code", "ref", "reference",
    "identifiant", "numero de dossier", "numero de cas", "identificador", "expediente", "numero de caso",
)

# Quasi-identifiers (brief 10.2.1): known or guessable attributes that single people out in combination.
QUASI_TERMS: tuple[str, ...] = (
    "age", "age band", "age group", "age broad", "agebroad", "sex", "gender", "nationality", "citizenship",
    "country of origin", "admin1", "admin2", "admin3", "admin1 pcode", "admin2 pcode", "site pcode", "pcode",
    "district", "province", "region", "location", "site", "camp", "village", "arrival date", "date of arrival",
    "household size", "hh size", "disability", "ethnicity", "ethnic group", "tribe", "clan", "religion",
    "marital status", "occupation", "profession", "language", "displacement status", "legal status",
    "age", "sexe", "genre", "nationalite", "citoyennete", "pays d origine", "taille du menage", "handicap",
    "ethnie", "etat civil", "situation matrimoniale", "langue", "edad", "sexo", "genero", "nacionalidad",
    "ciudadania", "pais de origen", "tamano del hogar", "discapacidad", "etnia", "estado civil", "ocupacion",
    "idioma", "country of exploitation", "year of registration", "year register", "majority status",
)

# Sensitive attributes (brief 10.2.1): exploitation, means of control, GBV, legal status.
SENSITIVE_TERMS: tuple[str, ...] = (
    "exploitation", "exploit", "forced labour", "forced labor", "sexual", "sex exploit", "means",
    "means of control", "control", "trafficking", "trafficked", "traite", "trata", "gbv", "sgbv",
    "violence", "abuse", "rape", "viol", "violacion", "legal status", "statut legal", "estatus legal",
    "hiv", "vih", "health", "sante", "salud", "debt bondage", "forced marriage", "mariage force",
    "matrimonio forzado", "organ", "victim", "victime", "victima", "survivor", "perpetrator", "trafficker",
    "recruiter", "type of labour", "type of sex", "is forced labour", "is sexual exploit",
)

# Signals that a file is a case-management export (several must be present).
CASE_TERMS: dict[str, tuple[str, ...]] = {
    "case id": ("case id", "case number", "case no", "case ref", "case code", "numero de dossier",
                "numero de cas", "dossier", "expediente", "numero de caso", "caso"),
    "victim/survivor": ("victim", "victims", "survivor", "survivors", "victime", "victimes", "survivant",
                        "survivante", "victima", "victimas", "sobreviviente", "superviviente", "beneficiary"),
    "referral": ("referral", "referred", "referrals", "reference", "orientation", "oriente", "remision",
                 "derivacion", "derivado", "remitido"),
    "means of control": ("means of control", "means", "moyens de controle", "medios de control", "control"),
    "exploitation type": ("exploitation type", "type of exploitation", "exploitation", "type d exploitation",
                          "tipo de explotacion", "explotacion", "is forced labour", "is sexual exploit",
                          "type of labour", "type of sex"),
    "perpetrator": ("perpetrator", "trafficker", "recruiter", "exploiter", "auteur", "trafiquant",
                    "recruteur", "tratante", "reclutador", "perpetrador"),
    "case status": ("case status", "statut du dossier", "estado del caso", "case worker", "caseworker",
                    "gestionnaire de cas", "gestor de casos", "assistance", "services provided"),
}

# CTDC variable names (brief 7.2 and 7.3): their presence alone identifies CTDC-standard case data.
CTDC_VARIABLES: frozenset[str] = frozenset({
    # gender and citizenship are left out on purpose: every survey has them.
    "yearofregistration", "agebroad", "countryofexploitation", "traffickmonths",
    "meansdebtbondageearnings", "meansthreats", "meansabusepsyphysex", "meansfalsepromises",
    "meansdrugsalcohol", "meansdenybasicneeds", "meansexcessiveworkhours", "meanswithholddocs",
    "isforcedlabour", "issexualexploit", "isotherexploit", "typeoflabouragriculture",
    "typeoflabourconstruction", "typeoflabourdomesticwork", "typeoflabourhospitality",
    "typeofsexprostitution", "typeofsexpornography", "recruiterrelationintimatepartner",
    "recruiterrelationfriend", "recruiterrelationfamily", "recruiterrelationother", "majoritystatus",
    "majoritystatusatexploit", "majorityentry", "datasource", "meansofcontrolconcatenated",
    "typeofexploitconcatenated", "isabduction", "recruiterrelationship", "isforcedmarriage",
    "yearregister", "ip_agebroad", "ip_gender", "ip_relation",
})
