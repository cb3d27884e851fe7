"""The frozen package as typed data: what publishing freezes (`PackageVersion.snapshot`, stored as
JSON) and what pages, PDFs, e-mails, feeds, notes, the API and search read. A missing or renamed
field fails here, where the package is built or loaded, with the field's name, instead of as a
KeyError in a template. Only this module, meetings/snapshot.py (which builds the JSON) and
meetings/visibility.py (which filters it) read the JSON by key (tests/test_structure.py)."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, fields

# Fields added after the first versions were frozen: older stored packages lack them and read
# with these values. Every other field is required.
LATER_FIELDS = {
    "meeting": {"cancelled": False},
    "item": {"kle_number": "", "public": None},
    "annex": {
        "visible": None,
        "signatures": 0,
        "signed_original": False,
        "sent": "",
        "signers": (),
    },
}


class PackageError(ValueError):
    """A stored or built package does not have the shape of a package."""


def _take(kind: str, data: dict, where: str, cls) -> dict:
    values = {}
    for field in fields(cls):
        if field.name in data:
            values[field.name] = data[field.name]
        elif field.name in LATER_FIELDS.get(kind, {}):
            values[field.name] = LATER_FIELDS[kind][field.name]
        elif field.init:
            raise PackageError(f"{where}: feltet '{field.name}' mangler")
    return values


@dataclass(frozen=True)
class MeetingFacts:
    """What readers are told about a meeting (title, body, time, place, cancelled)."""

    uid: str
    title: str
    body: str
    start: datetime.datetime
    location: str
    cancelled: bool

    @classmethod
    def from_json(cls, data: dict) -> "MeetingFacts":
        values = _take("meeting", data, "møde", cls)
        values["start"] = datetime.datetime.fromisoformat(values["start"])
        return cls(**values)

    def to_json(self) -> dict:
        return {"uid": self.uid, "title": self.title, "body": self.body,
                "start": self.start.isoformat(), "location": self.location,
                "cancelled": self.cancelled}  # fmt: skip


@dataclass(frozen=True)
class Signer:
    """Who signed an annex digitally and when, as the signature's certificate says
    (publishing/signers.py); `holds`: the file is as signed (None: not known)."""

    name: str
    organisation: str
    date: datetime.date | None
    holds: bool | None

    @classmethod
    def from_json(cls, data: dict) -> "Signer":
        values = _take("signer", data, "underskriver", cls)
        values["date"] = datetime.date.fromisoformat(values["date"]) if values["date"] else None
        return cls(**values)

    def to_json(self) -> dict:
        return {"name": self.name, "organisation": self.organisation,
                "date": self.date.isoformat() if self.date else "", "holds": self.holds}  # fmt: skip


@dataclass(frozen=True)
class Annex:
    uid: str
    number: int
    title: str
    closed: bool
    file: str
    original_name: str
    sha256: str
    size: int
    page_count: int
    signatures: int  # digital signatures in the upload
    signed_original: bool  # readers may fetch the upload as it was sent, signatures and all
    sent: str  # the upload as sent, where it is kept beside a decrypted `file`
    signers: tuple[Signer, ...]  # who signed it, in signing order, where the signatures say
    visible: bool | None  # set once the package is filtered for an audience

    @classmethod
    def from_json(cls, data: dict, where: str) -> "Annex":
        values = _take("annex", data, where, cls)
        values["signers"] = tuple(Signer.from_json(signer) for signer in values["signers"])
        return cls(**values)

    def to_json(self) -> dict:
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["signers"] = [signer.to_json() for signer in self.signers]
        if self.visible is None:
            del data["visible"]
        return data

    @property
    def signed_file(self) -> str:
        """The stored name of the upload as it was sent."""
        return self.sent or self.file


@dataclass(frozen=True)
class ClosedItemFacts:
    """What the public is told of a closed item instead of its texts (DESIGN.md §4)."""

    title: str
    reason: str
    reference: str
    decision: str  # sanitised HTML, published with the minutes

    @classmethod
    def from_json(cls, data: dict, where: str) -> "ClosedItemFacts":
        return cls(**_take("public", data, f"{where}, offentlige oplysninger", cls))

    def to_json(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class Item:
    id: int
    number: str
    title: str
    case_number: str
    initials: str
    kle_number: str
    closed: bool
    public: ClosedItemFacts | None  # None in versions frozen before it was kept
    texts: dict[str, str]  # background, recommendation, presentation, decision (sanitised HTML)
    annexes: tuple[Annex, ...]

    @classmethod
    def from_json(cls, data: dict) -> "Item":
        where = f"punkt {data.get('number', '?')}"
        values = _take("item", data, where, cls)
        values["texts"] = dict(values["texts"])  # its own copy: the stored JSON is not shared
        if values["public"] is not None:
            values["public"] = ClosedItemFacts.from_json(values["public"], where)
        values["annexes"] = tuple(
            Annex.from_json(annex, f"{where}, bilag {annex.get('number', '?')}")
            for annex in values["annexes"]
        )
        return cls(**values)

    def to_json(self) -> dict:
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["texts"] = dict(self.texts)
        data["public"] = self.public.to_json() if self.public is not None else None
        data["annexes"] = [annex.to_json() for annex in self.annexes]
        return data


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    items: tuple[Item, ...]

    @classmethod
    def from_json(cls, data: dict) -> "Section":
        values = _take("section", data, f"afsnit {data.get('number', '?')}", cls)
        values["items"] = tuple(Item.from_json(item) for item in values["items"])
        return cls(**values)

    def to_json(self) -> dict:
        return {"number": self.number, "title": self.title,
                "items": [item.to_json() for item in self.items]}  # fmt: skip


@dataclass(frozen=True)
class Package:
    meeting: MeetingFacts
    sections: tuple[Section, ...]

    @classmethod
    def from_json(cls, data: dict) -> "Package":
        try:
            meeting, sections = data["meeting"], data["sections"]
        except (KeyError, TypeError) as error:
            raise PackageError(f"pakken mangler {error}") from error
        return cls(
            meeting=MeetingFacts.from_json(meeting),
            sections=tuple(Section.from_json(section) for section in sections),
        )

    def to_json(self) -> dict:
        return {"meeting": self.meeting.to_json(),
                "sections": [section.to_json() for section in self.sections]}  # fmt: skip

    def items(self) -> Iterator[Item]:
        """Every item in agenda order, across the sections."""
        for section in self.sections:
            yield from section.items

    def find_item(self, *, number: str | None = None, item_id: int | None = None) -> Item | None:
        """The item with this number (as readers name it) or this id (across renumbering)."""
        if number is not None:
            return next((item for item in self.items() if item.number == number), None)
        return next((item for item in self.items() if item.id == item_id), None)

    def annexes(self) -> Iterator[tuple[Item, Annex]]:
        """Every annex with its item, in agenda order."""
        for item in self.items():
            for annex in item.annexes:
                yield item, annex

    @property
    def has_decisions(self) -> bool:
        return any(item.texts.get("decision") for item in self.items())

    def find_annex(self, uid: str) -> tuple[Item, Annex] | None:
        return next(((item, annex) for item, annex in self.annexes() if annex.uid == uid), None)
