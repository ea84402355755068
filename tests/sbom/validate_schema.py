#!/usr/bin/env python3
"""Validates a JSON document against a JSON schema with python3-jsonschema.

usage: validate_schema.py SCHEMA DOCUMENT

Every *.json schema beside SCHEMA is loaded by its $id, so references between them
("spdx.schema.json" from the CycloneDX schema) resolve locally, never over the network.
Exit 0: valid; 1: invalid (one line per error: path and message); 2: usage or unreadable input.
"""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_path = pathlib.Path(sys.argv[1])
    try:
        schema = json.loads(schema_path.read_text())
        document = json.loads(pathlib.Path(sys.argv[2]).read_text())
    except (OSError, ValueError) as error:
        print(f"cannot read: {error}", file=sys.stderr)
        return 2
    store = {}
    for sibling in schema_path.parent.glob("*.json"):
        try:
            loaded = json.loads(sibling.read_text())
        except ValueError:
            continue
        if isinstance(loaded, dict) and "$id" in loaded:
            store[loaded["$id"]] = loaded
    validator_class = jsonschema.validators.validator_for(schema)
    try:  # jsonschema >= 4.18: a registry of the local schemas, nothing retrieved
        import referencing

        registry = referencing.Registry().with_resources(
            (uri, referencing.Resource.from_contents(contents)) for uri, contents in store.items()
        )
        validator = validator_class(schema, registry=registry)
    except ImportError:  # Debian 12's jsonschema 4.10: RefResolver with a store
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)

        def no_network(uri):
            raise jsonschema.RefResolutionError(f"unresolved reference {uri} (not fetched)")

        resolver.resolve_remote = no_network
        validator = validator_class(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(document), key=str)
    for error in errors:
        print(list(error.absolute_path), error.message)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
