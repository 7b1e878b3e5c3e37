from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.collation import sort_key
from common.models import BaseModel, user_reference
from modules.clients import validators

# Which of the company's numbers are asked for, by the company's country; any other country:
# OTHER_IDENTIFIER_FIELDS. A number of another country stays stored (and is kept when the
# form is saved again), only not shown.
IDENTIFIER_FIELDS = {"PL": ("nip", "regon", "krs"), "SK": ("ico", "dic", "ic_dph")}
OTHER_IDENTIFIER_FIELDS = ("vat_number",)


def identifier_fields(country: str) -> tuple[str, ...]:
    return IDENTIFIER_FIELDS.get(country, OTHER_IDENTIFIER_FIELDS)


def client_legal_name(name: str, legal_form: str) -> str:
    name, legal_form = (name or "").strip(), (legal_form or "").strip()
    if not legal_form:
        return name
    folded = " ".join(name.casefold().split())
    if folded.endswith(" ".join(legal_form.casefold().split())):
        return name
    return f"{name} {legal_form}"


class Client(BaseModel):
    """A client company of the office (C1, C3)."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("client status", "Active")
        SUSPENDED = "suspended", pgettext_lazy("client status", "Suspended")
        ENDED = "ended", _("Ended")

    class Country(models.TextChoices):
        POLAND = "PL", _("Poland")
        SLOVAKIA = "SK", _("Slovakia")
        CZECHIA = "CZ", _("Czechia")
        OTHER = "XX", _("Other")

    class Language(models.TextChoices):
        POLISH = "pl", _("Polish")
        SLOVAK = "sk", _("Slovak")
        ENGLISH = "en", _("English")

    name = models.CharField(_("company name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    code = models.CharField(
        _("client code"),
        max_length=16,
        unique=True,
        validators=[validators.validate_client_code],
        help_text=_("Short code used on envelopes and scan file names."),
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.POLAND
    )
    nip = models.CharField("NIP", max_length=10, blank=True, validators=[validators.validate_nip])
    regon = models.CharField(
        "REGON", max_length=14, blank=True, validators=[validators.validate_regon]
    )
    krs = models.CharField("KRS", max_length=10, blank=True, validators=[validators.validate_krs])
    ico = models.CharField("IČO", max_length=8, blank=True, validators=[validators.validate_ico])
    dic = models.CharField("DIČ", max_length=10, blank=True, validators=[validators.validate_dic])
    ic_dph = models.CharField(
        "IČ DPH", max_length=12, blank=True, validators=[validators.validate_ic_dph]
    )
    # The tax number of a company outside Poland and Slovakia (the form shows it instead of
    # the Polish or Slovak numbers: IDENTIFIER_FIELDS).
    # A database default too: a rolling deploy's old code and set-based loaders omit it.
    vat_number = models.CharField(
        _("VAT number"),
        max_length=20,
        blank=True,
        default="",
        db_default="",
        validators=[validators.validate_vat_number],
    )
    email = models.EmailField(_("company e-mail"), blank=True)
    phone = models.CharField(_("company phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    language = models.CharField(
        _("notification language"),
        max_length=5,
        choices=Language.choices,
        default="pl",
        help_text=_("Language of the e-mails and text messages sent to this client."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Maintained by services.search (never by hand): lower-cased, unaccented text of the
    # company, its addresses, contacts, numbers, notes and custom fields, so that the search
    # is one indexed query on one table.
    search_document = models.TextField(default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = pgettext_lazy("plural noun", "clients")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="client_contract_end_after_start",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_document"],
                opclasses=["gin_trgm_ops"],
                name="client_search_trgm_idx",
            ),
            GinIndex(fields=["search_vector"], name="client_search_vector_idx"),
            models.Index(fields=["status", "name"], name="client_status_name_idx"),
            # The client list in the office language's alphabet (selectors.client_list):
            # common.collation.sort_key for each language an office may have.
            models.Index(sort_key("name", "pl"), F("id"), name="client_name_sort_pl_idx"),
            models.Index(sort_key("name", "sk"), F("id"), name="client_name_sort_sk_idx"),
            models.Index(sort_key("name", "en"), F("id"), name="client_name_sort_en_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def legal_name(self) -> str:
        """The name a document addresses the company by: the name and its legal form
        ("Čerešňa Účtovníctvo s.r.o."), the form left out when the name already ends
        with it ("Zielony Las sp. z o.o.")."""
        return client_legal_name(self.name, self.legal_form)

    def clean_fields(self, exclude=None) -> None:
        # Normalised before the field validators run: people type "526-000-12-46".
        for field in ("nip", "regon", "krs", "ico", "dic", "ic_dph", "vat_number"):
            setattr(self, field, validators.normalise_number(getattr(self, field)))
        if self.nip.startswith("PL"):
            self.nip = self.nip[2:]
        self.code = (self.code or "").strip().upper()
        self.name = (self.name or "").strip()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValidationError({"contract_end": _("The contract cannot end before it starts.")})


class ClientSearchWord(models.Model):
    """Every distinct word of the search documents (letters only): the typo pass looks up
    words similar to what was typed here, in a small table, then searches the documents
    for those words through the tsvector index."""

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        # Read on every keystroke, written only when a new word appears: without fastupdate
        # new entries go straight into the index instead of a pending list that every
        # lookup would scan until the next vacuum.
        indexes = [
            GinIndex(
                fields=["word"],
                opclasses=["gin_trgm_ops"],
                name="client_search_word_trgm",
                fastupdate=False,
            )
        ]

    def __str__(self) -> str:
        return self.word


class ClientAddress(BaseModel):
    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered seat")
        CORRESPONDENCE = "correspondence", pgettext_lazy("address kind", "Correspondence")
        FORWARDING = "forwarding", _("Forwarding")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="PL")
    recipient = models.CharField(
        pgettext_lazy("address", "recipient"),
        max_length=200,
        blank=True,
        help_text=_("Name on the envelope, if not the company's."),
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postal_code} {self.city}".strip()) if p)


class ContactPerson(BaseModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(pgettext_lazy("contact person", "role"), max_length=100, blank=True)
    # A person may have several of each; stored as lists to keep one row per person.
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    authorised_to_pick_up_mail = models.BooleanField(_("authorised to pick up mail"), default=False)
    receives_notifications = models.BooleanField(_("receives notifications"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name", "pk"]
        # Which companies a number belongs to (selectors.client_ids_by_phones: phones ?| ...)
        indexes = [GinIndex(fields=["phones"], name="clients_contact_phones_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class CustomField(BaseModel):
    """A field the office adds to every client card (e.g. "Package", "Mailbox number")."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", pgettext_lazy("custom field kind", "Number")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Yes/no")

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("custom field", "active"), default=True)

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CustomFieldValue(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="custom_values")
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(_("value"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("custom field value")
        verbose_name_plural = _("custom field values")
        constraints = [
            models.UniqueConstraint(fields=["client", "field"], name="custom_value_one_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.value}"


class ClientImport(BaseModel):
    """One uploaded XLSX/CSV file on its way into the card file."""

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", _("Import nothing if any row has an error")
        SKIP_BAD_ROWS = "skip", _("Skip rows with errors and report them")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Nothing imported")

    file_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500)  # relative to the office (common.storage)
    columns = models.JSONField(default=list, blank=True)  # header row as read
    row_count = models.PositiveIntegerField(default=0)
    mapping = models.JSONField(default=dict, blank=True)  # column index (str) -> target field
    mode = models.CharField(
        _("mode"), max_length=4, choices=Mode.choices, default=Mode.ALL_OR_NOTHING
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    language = models.CharField(max_length=5, default="en")
    imported_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": n, "messages": [...]}]
    created_by = user_reference()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("client import")
        verbose_name_plural = _("client imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
