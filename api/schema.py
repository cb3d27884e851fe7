"""The OpenAPI 3 description of the read-only API."""

from api.filters import SLUG_PATTERN, YEAR_MAX, YEAR_MIN

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INT = {"type": "integer", "nullable": True}


def _page(item_ref):
    return {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": item_ref}},
            "pagination": {
                "type": "object",
                "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
                "properties": {
                    "totalElements": {"type": "integer"},
                    "elementsPerPage": {"type": "integer"},
                    "currentPage": {"type": "integer"},
                    "totalPages": {"type": "integer"},
                },
            },
            "links": {
                "type": "object",
                "properties": {"next": {"type": "string"}, "prev": {"type": "string"}},
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
YEAR_PARAM = {
    "name": "year",
    "in": "query",
    "schema": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
}
ERROR = {
    "description": "fejl",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _list(ref, summary, extra_params=()):
    return {
        "get": {
            "summary": summary,
            "parameters": [*PAGE_PARAMS, *extra_params],
            "responses": {
                "200": {
                    "description": "en side",
                    "content": {"application/json": {"schema": _page(ref)}},
                },
                "400": ERROR,
            },
        }
    }


def openapi_document(server: str) -> dict:
    string = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "KKR Portal API",
            "version": "1",
            "description": "Læseadgang til møder, dagsordenpunkter, bilag, personer, resultatkontrakter "
            "og budgetter, efter OParl 1.1 hvor det passer. Samme synlighed som portalens sider.",
        },
        "servers": [{"url": server.rstrip("/").removesuffix("/api/v1")}],
        "paths": {
            "/api/v1/": {
                "get": {
                    "summary": "System",
                    "responses": {
                        "200": {
                            "description": "systemet",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/System"}
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/organizations/": _list("#/components/schemas/Organization", "Organer"),
            "/api/v1/meetings/": _list(
                "#/components/schemas/MeetingListEntry",
                "Offentliggjorte møder",
                [
                    YEAR_PARAM,
                    {
                        "name": "body",
                        "in": "query",
                        "description": "organets kortnavn (slug)",
                        "schema": {"type": "string", "pattern": SLUG_PATTERN},
                    },
                ],
            ),
            "/api/v1/meetings/{id}/": {
                "get": {
                    "summary": "Et møde med dagsordenpunkter og filer",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "mødet",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/Meeting"},
                                            {"$ref": "#/components/schemas/Deleted"},
                                        ]
                                    }
                                }
                            },
                        },
                        "404": ERROR,
                    },
                }
            },
            "/api/v1/persons/": _list("#/components/schemas/Person", "Personer og medlemskaber"),
            "/api/v1/contracts/": _list(
                "#/components/schemas/Contract", "Resultatkontrakter", [YEAR_PARAM]
            ),
            "/api/v1/budgets/": _list(
                "#/components/schemas/Budget", "Regnskaber og budgetter", [YEAR_PARAM]
            ),
        },
        "components": {
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": string}},
                "System": {
                    "type": "object",
                    "required": ["id", "type", "name"],
                    "properties": {
                        k: string
                        for k in (
                            "id",
                            "type",
                            "oparlVersion",
                            "name",
                            "body",
                            "meeting",
                            "person",
                            "openapi",
                        )
                    },
                },
                "Organization": {
                    "type": "object",
                    "required": ["id", "type", "name"],
                    "properties": {
                        k: string for k in ("id", "type", "name", "shortName", "meeting")
                    },
                },
                # A package that has left the public site (retention), as OParl marks it.
                "Deleted": {
                    "type": "object",
                    "required": ["id", "type", "deleted"],
                    "properties": {"id": string, "type": string, "deleted": {"enum": [True]}},
                },
                "MeetingListEntry": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/MeetingSummary"},
                        {"$ref": "#/components/schemas/Deleted"},
                    ]
                },
                "MeetingSummary": {
                    "type": "object",
                    "required": ["id", "type", "name", "start", "organization", "web"],
                    "properties": {
                        **{
                            k: string
                            for k in (
                                "id",
                                "type",
                                "name",
                                "start",
                                "location",
                                "organization",
                                "web",
                            )
                        },
                        "cancelled": {"type": "boolean"},
                        "version": NULLABLE_INT,
                    },
                },
                "File": {
                    "type": "object",
                    "required": ["type", "name", "mimeType"],
                    "properties": {
                        "id": string,
                        "type": string,
                        "name": string,
                        "mimeType": string,
                        "size": NULLABLE_INT,
                        "pages": NULLABLE_INT,
                        "accessUrl": NULLABLE_STRING,
                    },
                },
                "AgendaItem": {
                    "type": "object",
                    "required": ["type", "number", "name", "public", "auxiliaryFile"],
                    "properties": {
                        "type": string,
                        "number": string,
                        "name": string,
                        "public": {"type": "boolean"},
                        "text": {"type": "object", "additionalProperties": string},
                        "auxiliaryFile": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/File"},
                        },
                    },
                },
                "Meeting": {
                    "allOf": [
                        {"$ref": "#/components/schemas/MeetingSummary"},
                        {
                            "type": "object",
                            "required": ["agendaItem", "file"],
                            "properties": {
                                "agendaItem": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/AgendaItem"},
                                },
                                "file": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/File"},
                                },
                            },
                        },
                    ]
                },
                "Membership": {
                    "type": "object",
                    "properties": {
                        **{
                            k: string
                            for k in ("type", "organization", "role", "party", "startDate")
                        },
                        "municipality": NULLABLE_STRING,
                        "substitute": NULLABLE_STRING,
                        "endDate": NULLABLE_STRING,
                    },
                },
                "Person": {
                    "type": "object",
                    "required": ["type", "name", "membership"],
                    "properties": {
                        "type": string,
                        "name": string,
                        "party": string,
                        "membership": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Membership"},
                        },
                    },
                },
                "Contract": {
                    "type": "object",
                    "required": ["year", "status", "web"],
                    "properties": {
                        "year": {"type": "integer"},
                        "status": string,
                        "versionLabel": string,
                        "basicGrant": string,
                        "web": string,
                    },
                },
                "Budget": {
                    "type": "object",
                    "required": ["title", "year", "web"],
                    "properties": {
                        "title": string,
                        "secretariat": string,
                        "year": {"type": "integer"},
                        "web": string,
                        "csv": string,
                    },
                },
            }
        },
    }
