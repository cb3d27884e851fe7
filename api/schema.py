"""The OpenAPI 3 description of the read-only API. The OParl objects are described by the fields
this portal fills; tests/api/test_oparl_schema.py checks them against the official OParl 1.1
schemas, and schemathesis checks the API against this description."""

from api.filters import SLUG_PATTERN, TIMESTAMP_PARAMS, YEAR_MAX, YEAR_MIN

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}
DATE_TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _many(name):
    return {"type": "array", "items": _ref(name)}


def _oparl(required=(), **properties):
    """An OParl object: always `id` and `type`; other fields as the portal fills them."""
    return {
        "type": "object",
        "required": ["id", "type", *required],
        "properties": {"id": STRING, "type": STRING, **properties},
    }


def _page(item):
    return {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "properties": {
            "data": {"type": "array", "items": item},
            "pagination": {
                "type": "object",
                "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
                "properties": {
                    key: INTEGER
                    for key in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
                },
            },
            "links": {
                "type": "object",
                "properties": {k: STRING for k in ("first", "prev", "self", "next", "last")},
            },
        },
    }


PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "page_size",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]
TIMESTAMP_FILTERS = [
    {"name": name, "in": "query", "schema": {"type": "string", "format": "date-time"}}
    for name in TIMESTAMP_PARAMS
]
YEAR_PARAM = {
    "name": "year",
    "in": "query",
    "schema": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
}
SLUG_SCHEMA = {"type": "string", "pattern": SLUG_PATTERN}
ERROR = {"description": "fejl", "content": {"application/json": {"schema": _ref("Error")}}}


def _answer(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list(item, summary, extra_params=()):
    responses = {"200": _answer(_page(item), "en side"), "400": ERROR}
    return {"get": {"summary": summary, "parameters": [*PAGE_PARAMS, *extra_params],
                    "responses": responses}}  # fmt: skip


def _param(name, schema):
    return {"name": name, "in": "path", "required": True, "schema": schema}


ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}
PARAMS = {
    "pk": _param("pk", ID),
    "item_id": _param("item_id", ID),
    "slug": _param("slug", SLUG_SCHEMA),
    "key": _param("key", {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}),
}


def _detail(schema, summary, *params):
    responses = {"200": _answer(schema, summary), "404": ERROR}
    return {"get": {"summary": summary, "parameters": [PARAMS[p] for p in params],
                    "responses": responses}}  # fmt: skip


def _or_deleted(name):
    return {"oneOf": [_ref(name), _ref("Deleted")]}


MEETING_OR_DELETED = _or_deleted("Meeting")
FILES_OR_DELETED = {"type": "array", "items": {"oneOf": [_ref("File"), _ref("Deleted")]}}
FILE_FIELDS = {
    "name": STRING, "fileName": STRING, "mimeType": STRING, "date": DATE, "size": INTEGER,
    "sha512Checksum": STRING, "accessUrl": STRING, "downloadUrl": STRING, "meeting": STRINGS,
    "agendaItem": STRINGS, "derivativeFile": STRINGS, "created": DATE_TIME,
    "modified": DATE_TIME, "pages": INTEGER, "signedOriginalUrl": STRING,
    # Who signed the annex digitally, as the certificates say; `intact`: the file is as signed.
    "signer": {"type": "array", "items": {
        "type": "object", "required": ["name"],
        "properties": {"name": STRING, "organization": STRING, "date": DATE, "intact": BOOLEAN},
    }},
}  # fmt: skip

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": STRING}},
    "System": _oparl(["oparlVersion", "body"], oparlVersion=STRING, name=STRING, body=STRING,
                     website=STRING, web=STRING, openapi=STRING),
    "Body": _oparl(["name", "organization", "person", "meeting", "paper", "legislativeTerm"],
                   system=STRING, name=STRING, shortName=STRING, classification=STRING,
                   website=STRING, organization=STRING, person=STRING, meeting=STRING,
                   paper=STRING, legislativeTerm={"type": "array"}, web=STRING,
                   created=DATE_TIME, modified=DATE_TIME),
    "Organization": _oparl(["name"], body=STRING, name=STRING, shortName=STRING,
                           organizationType=STRING, classification=STRING, meeting=STRING,
                           consultation=STRING, membership=STRINGS, created=DATE_TIME,
                           modified=DATE_TIME),
    # A package or annex that has left the public site (retention), a person who is no longer
    # a member, a removed membership: as OParl marks a deleted object.
    "Deleted": {"type": "object", "required": ["id", "type", "deleted"],
                "properties": {"id": STRING, "type": STRING, "deleted": {"enum": [True]},
                               "created": DATE_TIME, "modified": DATE_TIME}},
    "Location": _oparl(description=STRING, meetings=STRINGS),
    "File": _oparl(["accessUrl"], **FILE_FIELDS),
    "AgendaItem": _oparl(["meeting", "number", "name", "public", "auxiliaryFile"],
                         meeting=STRING, number=STRING, name=STRING, public=BOOLEAN,
                         resolutionText=STRING, keyword=STRINGS, web=STRING,
                         consultations=STRING, auxiliaryFile=FILES_OR_DELETED,
                         text={"type": "object", "additionalProperties": STRING}),
    "Meeting": _oparl(["name", "start", "organization", "web"], name=STRING, start=DATE_TIME,
                      cancelled=BOOLEAN, location=_ref("Location"), organization=STRINGS,
                      web=STRING, created=DATE_TIME, modified=DATE_TIME, version=INTEGER,
                      agendaItem=_many("AgendaItem"), invitation=_ref("File"),
                      resultsProtocol=_ref("File"), auxiliaryFile=_many("File")),
    "Membership": _oparl(["person", "organization", "startDate"], person=STRING,
                         organization=STRING, role=STRING, votingRight=BOOLEAN, startDate=DATE,
                         endDate=DATE, onBehalfOf=STRING),
    "Person": _oparl(["name", "membership"], body=STRING, name=STRING, party=STRING,
                     membership=_many("Membership"), created=DATE_TIME, modified=DATE_TIME),
    "Consultation": _oparl(["agendaItem", "meeting", "organization"], agendaItem=STRING,
                           meeting=STRING, organization=STRINGS, authoritative=BOOLEAN,
                           role=STRING, status=STRING, deadline=DATE, sentOn=DATE,
                           councilAgendaDate=DATE, councilAgendaUrl=STRING, decidedOn=DATE,
                           outcome=STRING, outcomeText=STRING, created=DATE_TIME,
                           modified=DATE_TIME),
    "Paper": _oparl(),
    "Contract": {"type": "object", "required": ["year", "status", "web"],
                 "properties": {"year": INTEGER, "status": STRING, "versionLabel": STRING,
                                "basicGrant": STRING, "web": STRING}},
    "Budget": {"type": "object", "required": ["title", "year", "web"],
               "properties": {"title": STRING, "secretariat": STRING, "year": INTEGER,
                              "web": STRING, "csv": STRING}},
}  # fmt: skip


def openapi_document(server: str) -> dict:
    body_param = {"name": "body", "in": "query", "description": "organets kortnavn (slug)",
                  "schema": SLUG_SCHEMA}  # fmt: skip
    council_param = {"name": "organization", "in": "query", "schema": SLUG_SCHEMA,
                     "description": "kommunalbestyrelsen, fx kommune-851"}  # fmt: skip
    item_param = {"name": "agenda_item", "in": "query", "schema": ID,
                  "description": "det henviste dagsordenpunkt (tallet i punktets adresse)"}  # fmt: skip
    system = {"get": {"summary": "System", "responses": {"200": _answer(_ref("System"), "")}}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "KKR Portal API",
            "version": "1",
            "description": "OParl 1.1 (https://schema.oparl.org/1.1/): møder, dagsordenpunkter, "
            "filer, steder, organer, personer, medlemskaber og kommunalbestyrelsernes behandling "
            "(Consultation); dertil resultatkontrakter og budgetter. Samme adresse svarer hvert "
            "login med det, det må læse: offentligheden det offentlige, medlemmerne også lukkede "
            "punkter (en udvidelse af OParl).",
        },
        "servers": [{"url": server.rstrip("/").removesuffix("/api/v1")}],
        "paths": {
            "/api/v1/": system,
            "/api/v1/bodies/": _list(_ref("Body"), "Kommunekontaktrådet", TIMESTAMP_FILTERS),
            "/api/v1/bodies/{slug}/": _detail(_ref("Body"), "Kommunekontaktrådet", "slug"),
            "/api/v1/organizations/": _list(
                _ref("Organization"), "Organer og kommunalbestyrelser", TIMESTAMP_FILTERS
            ),
            "/api/v1/organizations/{slug}/": _detail(_ref("Organization"), "Et organ", "slug"),
            "/api/v1/meetings/": _list(
                MEETING_OR_DELETED,
                "Offentliggjorte møder",
                [YEAR_PARAM, body_param, *TIMESTAMP_FILTERS],
            ),
            "/api/v1/meetings/{pk}/": _detail(MEETING_OR_DELETED, "Et møde", "pk"),
            "/api/v1/meetings/{pk}/location/": _detail(
                {"oneOf": [_ref("Location"), _ref("Deleted")]}, "Mødets sted", "pk"
            ),
            "/api/v1/meetings/{pk}/items/{item_id}/": _detail(
                {"oneOf": [_ref("AgendaItem"), _ref("Deleted")]},
                "Et dagsordenpunkt",
                "pk",
                "item_id",
            ),
            "/api/v1/meetings/{pk}/files/{key}/": _detail(
                {"oneOf": [_ref("File"), _ref("Deleted")]}, "Et bilag eller dokument", "pk", "key"
            ),
            "/api/v1/persons/": _list(
                _or_deleted("Person"), "Personer og medlemskaber", TIMESTAMP_FILTERS
            ),
            "/api/v1/persons/{pk}/": _detail(_or_deleted("Person"), "En person", "pk"),
            "/api/v1/memberships/{pk}/": _detail(_or_deleted("Membership"), "Et medlemskab", "pk"),
            "/api/v1/consultations/": _list(
                _ref("Consultation"),
                "Kommunalbestyrelsernes behandling",
                [council_param, item_param, *TIMESTAMP_FILTERS],
            ),
            "/api/v1/consultations/{pk}/": _detail(_ref("Consultation"), "En behandling", "pk"),
            "/api/v1/papers/": _list(
                _ref("Paper"), "Sager (KKR har ingen egne)", TIMESTAMP_FILTERS
            ),
            "/api/v1/contracts/": _list(_ref("Contract"), "Resultatkontrakter", [YEAR_PARAM]),
            "/api/v1/budgets/": _list(_ref("Budget"), "Regnskaber og budgetter", [YEAR_PARAM]),
        },
        "components": {"schemas": SCHEMAS},
    }
