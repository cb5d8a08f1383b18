"""The OpenAPI document is valid OpenAPI 3, every operation declares the one error shape
and needs a token or a session, and the docs page works under the strict CSP."""

from __future__ import annotations

import lxml.html
from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete"}


def _schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(client, db):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_has_no_key_twice_so_that_yaml_readers_such_as_swagger_ui_accept_it(
        client, db):
    import json

    doubled = []

    def pairs(items):
        keys = [key for key, _ in items]
        doubled.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert not doubled, f"keys written twice in the OpenAPI document: {doubled}"


def test_every_operation_has_the_error_shape_and_needs_to_sign_in(client, db):
    schema = _schema(client)
    operations = [(path, method, op) for path, item in schema["paths"].items()
                  for method, op in item.items() if method in METHODS]
    assert len(operations) >= 20
    ids = [op["operationId"] for _path, _method, op in operations]
    assert len(ids) == len(set(ids)), "operation ids must be unique (a client's method names)"
    schemes = set(schema["components"]["securitySchemes"])
    for path, method, op in operations:
        for status in ("400", "401", "403", "404", "422", "429"):
            content = op["responses"][status]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)
        assert op["security"] and all(set(s) <= schemes for s in op["security"]), (path, method)


def test_every_list_is_paged_by_cursor(client, db):
    schema = _schema(client)
    for path, item in schema["paths"].items():
        op = item.get("get")
        if not op:
            continue
        json_body = op["responses"]["200"].get("content", {}).get("application/json", {})
        ok = json_body.get("schema", {}).get("$ref", "")  # (an export answers with a file)
        if ok.endswith("Page"):
            names = {p["name"] for p in op["parameters"]}
            assert {"cursor", "limit"} <= names, path


def test_the_docs_page_loads_its_scripts_from_our_own_static_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
        "script-src")[1].split(";")[0]
    doc = lxml.html.fromstring(response.content)
    scripts = doc.xpath("//script")
    assert scripts
    for script in scripts:
        src = script.get("src")
        if src is None:
            # A data block (the Swagger settings), which a browser never runs.
            assert script.get("type") == "application/json"
        else:
            assert src.startswith("/static/"), src
            assert client.get(src).status_code == 200
    for link in doc.xpath("//link[@rel='stylesheet']"):
        assert link.get("href").startswith("/static/")
    assert not doc.xpath("//*[@*[starts-with(name(), 'on')]]"), "inline event handler"
