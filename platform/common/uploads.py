"""Upload staging for forms that take files.

A file is judged by its content (its first bytes), not by its name, and by its size before
it is read. A file that passed waits in the office's staging folder of a Storage (the
default storage unless one is given: shared by every web process, so the next request finds
it on any of them) until the form is saved, and survives a re-shown form: the page carries
its signed token (StagedUpload.token) and the next request gets it back (uploads_restored)
instead of asking for the file again. What is saved is discarded (upload_discard); what a
person abandons is swept after STAGING_MAX_AGE (staging_sweep).

    staged = upload_stage(upload=f, kinds=(PDF, JPEG, PNG), max_bytes=20 << 20)
    ...the form is re-shown with <input type="hidden" name="staged" value="{{ s.token }}">
    staged = uploads_restored(request.POST.getlist("staged"))
    with staged[0].local_path() as path: ...   # a real file for libraries that need one
    upload_discard(*staged)                    # once kept elsewhere (or given up)
    # or the good files kept across a re-show whatever else was wrong (KeptFilesMixin form):
    staged = form_uploads_keep(form, "attachments", kinds=..., max_bytes=...,
                               person=request.user, purpose=f"helpdesk.reply:{pk}")

A PDF, JPEG or PNG must also open (file_opens: pypdf reads its pages, Pillow verifies and
decodes the image), wherever it is uploaded: a file that only starts like a PDF is refused as
damaged, not kept as a document nobody can open.

Every checked upload also asks the office's storage allowance (storage_admit): a guard that
subscriptions registers (the plan's storage; common may not import it) refuses a person's
upload past it. Automatic intake (automatic=True: the scanner's FTP files, e-mail intake) is
never refused: mail must not be lost; the guard tells the owner instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.core import signing
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_name

STAGING_MAX_AGE = dt.timedelta(days=1)
HEAD_BYTES = 2048
# An image of more pixels is refused rather than decoded (a decompression bomb).
MAX_PIXELS = 80_000_000
_SALT = "vireo.uploads"


@dataclass(frozen=True)
class Kind:
    """A file type an upload may be. `magic`: the first bytes that make a file this kind,
    whatever its name; a kind without magic (plain text) needs one of its `extensions` and
    no NUL byte in its head. `inline`: a browser may show it in a tab (PDF, images);
    everything else is served as a download (file_served_inline)."""

    content_type: str
    label: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...] = ()
    inline: bool = False

    @property
    def extension(self) -> str:
        return self.extensions[0]

    def matches(self, head: bytes, name: str) -> bool:
        if self.magic:
            return head.startswith(self.magic)
        return PurePath(name).suffix.lower() in self.extensions and b"\x00" not in head


@dataclass(frozen=True)
class ZipKind(Kind):
    """A ZIP container (DOCX, XLSX, ODT): the ZIP signature and the kind's own extension,
    since the signature alone does not tell a spreadsheet from a letter."""

    def matches(self, head: bytes, name: str) -> bool:
        return head.startswith(self.magic) and PurePath(name).suffix.lower() in self.extensions


ZIP = (b"PK\x03\x04",)
PDF = Kind("application/pdf", "PDF", (".pdf",), (b"%PDF-",), inline=True)
JPEG = Kind("image/jpeg", "JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), inline=True)
PNG = Kind("image/png", "PNG", (".png",), (b"\x89PNG\r\n\x1a\n",), inline=True)
DOCX = ZipKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
    (".docx",),
    ZIP,
)
XLSX = ZipKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", (".xlsx",), ZIP
)
ODT = ZipKind("application/vnd.oasis.opendocument.text", "ODT", (".odt",), ZIP)
TXT = Kind("text/plain", "TXT", (".txt",))
CSV = Kind("text/csv", "CSV", (".csv",))
# What a client sends an office: scans and photos, and the Word, Excel, OpenDocument and
# text files most of their paperwork is (documents, helpdesk and messaging attachments).
DOCUMENT_KINDS = (PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT)
_INLINE_TYPES = frozenset(k.content_type for k in (PDF, JPEG, PNG))
_OPENED = _INLINE_TYPES  # what file_opens opens: a browser or a thumbnail will


def file_served_inline(content_type: str) -> bool:
    """Whether a stored file of `content_type` may be shown in the browser (PDF, JPEG, PNG)
    rather than downloaded: office documents and text always download (`download=True` of
    common.storage.office_file_response), so nothing a client uploaded renders as a page."""
    return content_type in _INLINE_TYPES


def accept_attribute(kinds: Sequence[Kind]) -> str:
    """A file input's `accept` for `kinds` (extensions and content types): the browser's
    picker offers those files; the server still judges each by its content."""
    return ",".join([e for k in kinds for e in k.extensions] + [k.content_type for k in kinds])


def megabytes(size: int) -> str:
    """A size in MB as the active language writes numbers ("28,6" in Polish, "20" for a
    whole number), for messages that name the unit themselves."""
    value = round(size / 1048576, 1)
    return number_format(int(value) if value == int(value) else value, use_l10n=True)


def kinds_help(kinds: Sequence[Kind], max_bytes: int) -> str:
    """The hint under a file field, from the kinds and the limit the server applies (so it
    cannot drift from them): "Accepted files: PDF, JPEG, PNG; up to 20 MB each." in the
    active language."""
    return _("Accepted files: %(kinds)s; up to %(max)s MB each.") % {
        "kinds": ", ".join(k.label for k in kinds),
        "max": megabytes(max_bytes),
    }


# For a form field's help_text, defined when no language is active: written when shown.
kinds_help_lazy = lazy(kinds_help, str)


def content_check(
    *, size: int, head: bytes, name: str, kinds: Sequence[Kind], max_bytes: int, refused: str = ""
) -> Kind:
    """The kind of a file of `size` bytes starting with `head`; ApplicationError (code empty,
    oversize or type; `refused` replaces the message of a wrong type) otherwise. A file
    whose name says an accepted kind but whose content is not it is told so ("The file's
    content is not in the PDF format (it does not match its name)."), not given the list of
    kinds."""
    if size == 0:
        raise ApplicationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ApplicationError(
            _("The file is too large (%(size)s MB, at most %(max)s MB).")
            % {"size": megabytes(size), "max": megabytes(max_bytes)},
            code="oversize",
        )
    kind = next((k for k in kinds if k.matches(head, name)), None)
    if kind is None:
        named = PurePath(name).suffix.lower()
        claimed = next((k for k in kinds if named in k.extensions), None) if named else None
        if claimed is not None and not refused:
            # Named as an accepted kind ("faktura.pdf") but something else inside: naming
            # the accepted kinds would contradict its name.
            raise ApplicationError(
                _("The file's content is not in the %(kind)s format (it does not match its name).")
                % {"kind": claimed.label},
                code="type",
            )
        labels = ", ".join(k.label for k in kinds)
        raise ApplicationError(
            refused or _("Only these files are accepted: %(kinds)s.") % {"kinds": labels},
            code="type",
        )
    return kind


def file_opens(source, kind: Kind) -> int:
    """The pages of a file of `kind` (a path or a binary file object, read from its start):
    a PDF must open with pypdf and have a page, a JPEG or PNG must verify and decode with
    Pillow (1 page); other kinds are not opened (0). ApplicationError code "damaged" (or
    "oversize": an image past MAX_PIXELS) otherwise. upload_check calls it; mail's scan
    check (modules/mail/files.py) too, on its local copy."""
    if kind.content_type not in _OPENED:
        return 0
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        return _pdf_pages(source) if kind.content_type == PDF.content_type else _image_opens(source)
    except ApplicationError:
        raise
    except Exception:
        raise ApplicationError(
            _("The file is damaged and cannot be opened."), code="damaged"
        ) from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _pdf_pages(source) -> int:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(source if hasattr(source, "read") else str(source), strict=False)
        pages = len(reader.pages)
    if pages < 1:
        raise ApplicationError(_("The PDF has no pages."), code="damaged")
    return pages


def _image_opens(source) -> int:
    from PIL import Image

    with Image.open(source) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ApplicationError(_("The image is too large to process."), code="oversize")
        image.verify()
    if hasattr(source, "seek"):
        source.seek(0)
    with Image.open(source) as image:
        image.load()  # verify() does not decode the pixels; a truncated file fails here
    return 1


# --- the office's storage allowance ------------------------------------------------------------

_storage_guards: list[Callable[..., None]] = []


def storage_guard_register(guard: Callable[..., None]) -> None:
    """`guard(size=, automatic=)` is called, with the connection in the office's schema, before
    a file of `size` bytes is kept: it raises ApplicationError to refuse a person's upload
    (automatic=False), and must never raise for automatic intake (automatic=True).
    subscriptions registers the plan's storage from its AppConfig.ready()."""
    if guard not in _storage_guards:
        _storage_guards.append(guard)


def storage_admit(*, size: int, automatic: bool = False) -> None:
    """Ask the registered guards whether the office may keep `size` more bytes (see
    storage_guard_register). Called by upload_check; the scanner intake calls it itself."""
    for guard in _storage_guards:
        guard(size=size, automatic=automatic)


def upload_check(
    upload,
    *,
    kinds: Sequence[Kind],
    max_bytes: int,
    refused: str = "",
    automatic: bool = False,
    counted: bool = False,
    opened_by_caller: bool = False,
) -> Kind:
    """content_check of an uploaded file (Django's UploadedFile), refused before it is read
    when its announced size is over the limit, then file_opens (a PDF or image that does not
    open: code "damaged"), then storage_admit (code "plan_limit" past the office's storage).
    `automatic`: intake that must not be refused (e-mail); `counted`: the file is already in
    the office's storage (a staged upload being stored for good); `opened_by_caller`: the caller
    opens the file itself right after (mail's scan check): it is not opened twice."""
    head = b""
    if upload.size is None or upload.size <= max_bytes:  # an oversize upload is not read
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
    size = upload.size if upload.size is not None else len(head)
    kind = content_check(
        size=size, head=head, name=upload.name, kinds=kinds, max_bytes=max_bytes, refused=refused
    )
    if not opened_by_caller:
        file_opens(upload, kind)
    if not counted:
        storage_admit(size=size, automatic=automatic)
    return kind


# --- staging ----------------------------------------------------------------------------------


def _staging_folder() -> str:
    return office_name("staging")


def _salt(scope: str = "") -> str:
    """The token's salt: this office's staging folder and, for a kept upload, its scope (who
    and which form: form_uploads_keep), so a token is worth nothing anywhere else."""
    salt = f"{_SALT}:{_staging_folder()}"
    return f"{salt}:{scope}" if scope else salt


@dataclass
class StagedUpload:
    """A checked upload waiting in the staging folder of `storage`."""

    name: str  # the storage name, "<schema>/staging/<uuid><extension>"
    original_name: str
    content_type: str
    size: int
    storage: Storage = field(default=default_storage, repr=False, compare=False)
    # What a re-shown form carries instead of the file: signed, valid in this office only
    # (and, with a scope, for that person and form only).
    token: str = field(default="", repr=False, compare=False)
    scope: str = field(default="", repr=False, compare=False)

    def __post_init__(self):
        if not self.token:
            data = [self.name, self.original_name, self.content_type, self.size]
            self.token = signing.dumps(data, salt=_salt(self.scope), compress=True)

    def open(self) -> File:
        return self.storage.open(self.name, "rb")

    @contextlib.contextmanager
    def local_path(self) -> Iterator[Path]:
        """The file on this machine, for a library that needs a path (pypdf, openpyxl): the
        storage's own file when it has one, else a temporary copy removed afterwards."""
        try:
            own = Path(self.storage.path(self.name))
        except NotImplementedError:  # a remote storage
            own = None
        if own is not None and own.is_file():
            yield own
            return
        handle, local = tempfile.mkstemp(suffix=PurePath(self.name).suffix)
        path = Path(local)
        try:
            with open(handle, "wb") as out, self.open() as source:
                shutil.copyfileobj(source, out, 1 << 20)
            yield path
        finally:
            path.unlink(missing_ok=True)


def upload_stage(
    *,
    upload,
    kinds: Sequence[Kind],
    max_bytes: int,
    refused: str = "",
    storage: Storage | None = None,
    automatic: bool = False,
    scope: str = "",
) -> StagedUpload:
    """Check an upload (upload_check) and keep it in the office's staging folder. `scope`
    binds its token to a person and a form (form_uploads_keep)."""
    storage = storage or default_storage
    kind = upload_check(
        upload, kinds=kinds, max_bytes=max_bytes, refused=refused, automatic=automatic
    )
    wanted = f"{_staging_folder()}/{uuid.uuid4().hex}{kind.extension}"
    name = storage.save(wanted, upload)
    return StagedUpload(
        name=name,
        original_name=PurePath(upload.name).name[:255],
        content_type=kind.content_type,
        size=storage.size(name),
        storage=storage,
        scope=scope,
    )


def form_uploads_keep(
    form, field: str, *, kinds: Sequence[Kind], max_bytes: int, person, purpose: str
) -> list[StagedUpload]:
    """A multi-file field whose good files survive a re-shown form (bad input loses
    nothing). Call it on every POST, after form.is_valid() whatever it answered. Each file
    sent is checked and staged; a refused one's name and reason go onto the field, the
    others are kept. The files kept from the previous attempt (the `<field>_kept` values the
    form sends back: tokens bound to `person` and `purpose`, e.g. "helpdesk.reply:42", so
    another person's or another form's token is worthless; a day at most, then swept) join
    them. Returns every file to attach when the form is saved (the caller discards them
    once stored; on any error it re-shows the form, whose KeptFilesMixin lists them ticked:
    unticked, one is left out and swept later)."""
    scope = f"{getattr(person, 'pk', person)}:{purpose}"
    kept_name = f"{field}_kept"
    tokens = form.data.getlist(kept_name) if hasattr(form.data, "getlist") else []
    uploads = uploads_restored(dict.fromkeys(tokens), scope=scope)
    for upload in form.files.getlist(field) if form.files else []:
        try:
            uploads.append(
                upload_stage(upload=upload, kinds=kinds, max_bytes=max_bytes, scope=scope)
            )
        except ApplicationError as exc:
            form.add_error(field, f"{PurePath(upload.name).name}: {exc.message}")
    kept_show = getattr(form, "kept_show", None)
    if kept_show is not None:
        kept_show(uploads)
    return uploads


def uploads_restored(
    tokens: Iterable[str], *, storage: Storage | None = None, scope: str = ""
) -> list[StagedUpload]:
    """The staged uploads a re-shown form sent back; a token that is forged, of another
    office (or, with a scope, of another person or form), older than STAGING_MAX_AGE or
    whose file is gone is left out."""
    storage, restored, salt = storage or default_storage, [], _salt(scope)
    for token in tokens:
        try:
            name, original_name, content_type, size = signing.loads(
                token, salt=salt, max_age=STAGING_MAX_AGE
            )
        except (signing.BadSignature, ValueError, TypeError):
            continue
        if storage.exists(name):
            restored.append(
                StagedUpload(
                    name, original_name, content_type, size, storage, token=token, scope=scope
                )
            )
    return restored


def upload_discard(*staged: StagedUpload) -> None:
    for upload in staged:
        with contextlib.suppress(FileNotFoundError):
            upload.storage.delete(upload.name)


def staging_sweep(*, storage: Storage | None = None, now: dt.datetime | None = None) -> int:
    """Remove the office's staged files older than STAGING_MAX_AGE (forms given up);
    returns how many."""
    storage, folder = storage or default_storage, _staging_folder()
    cutoff = (now or timezone.now()) - STAGING_MAX_AGE
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            if storage.get_modified_time(f"{folder}/{name}") < cutoff:
                storage.delete(f"{folder}/{name}")
                removed += 1
    return removed
