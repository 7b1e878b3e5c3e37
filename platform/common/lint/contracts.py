"""import-linter contract types of our own (see .importlinter).

`module_boundaries`: a package under `modules/` is reached from another one only through its
public entry points (services, selectors, hooks, models for foreign keys and typing, and
fields: form fields for other modules' forms).
import-linter's built-in contracts say "A may not import B" or "only C may import B"; they
cannot say "B's views are private to B but its services are public to every sibling" without
one protected contract per module and entry point, which a new module would forget to add.
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output


class ModuleBoundariesContract(Contract):
    """Options:
    - container: the package whose children are the modules (``modules``);
    - public: the child names another module may import (``services``, ``selectors``...);
    - ignore_imports: ``importer -> imported`` pairs allowed anyway (each with a reason).
    """

    type_name = "module_boundaries"

    container = fields.StringField()
    public = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:
        container = str(self.container)
        public = {str(name) for name in self.public}
        ignored = {
            tuple(part.strip() for part in str(line).split("->"))
            for line in (self.ignore_imports or [])
        }
        broken, used = [], set()
        for importer in sorted(graph.modules):
            owner = _owner(importer, container)
            if owner is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = _owner(imported, container)
                if target is None or target == owner:
                    continue
                parts = imported.split(".")
                entry = parts[2] if len(parts) > 2 else None
                if entry in public:
                    continue
                if (importer, imported) in ignored:
                    used.add((importer, imported))
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(str(d["line_number"]) for d in details)
                broken.append(f"{importer} -> {imported} (l.{lines})")
        warnings = [f"unused ignore_imports entry: {' -> '.join(p)}" for p in ignored - used]
        return ContractCheck(kept=not broken, warnings=warnings, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "A module reached past another module's services, selectors, hooks, models or fields:",
            bold=False,
        )
        output.new_line()
        for line in check.metadata["broken"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()


def _owner(module: str, container: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != container:
        return None
    return parts[1]
