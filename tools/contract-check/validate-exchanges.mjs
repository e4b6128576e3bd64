// Validates every answer the test suites got from the API against api-spec/openapi.yaml, with a validator that is not
// ours: ajv (JSON Schema) with OpenAPI 3.0's `nullable` and formats, so that the contract accepts what the server
// sends in the eyes of other tools too (Prism, code generators, API gateways).
//
//   node tools/contract-check/validate-exchanges.mjs <contract.yaml> <directory>
//       Reads every *.jsonl file in <directory>: one answer per line, written by the .NET test fixture
//       (tests/MakCrm.Testing/ExchangeRecorder.cs) and by the TypeScript tests (clients/typescript/test/record-exchanges.ts):
//       {method, path, operationId?, status, contentType, hasBody, truncated, body?}. For each, the operation (by
//       operationId, else by method and path) must declare the status (or its class, or `default`), a body must be
//       declared with its media type, and a JSON body must validate against the schema. Exits 1 on any violation, or
//       when there is nothing to validate.
//   node tools/contract-check/validate-exchanges.mjs --self-test <contract.yaml>
//       Checks that the validator refuses answers that break the contract and accepts one that keeps it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const methods = ["get", "put", "post", "patch", "delete", "head", "options"];

/** Everything needed to judge one answer: the operations by id and by path template, and a schema compiler. */
export function createValidator(contract) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const int = (bits) => (n) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n <= 2 ** (bits - 1) - 1;
  ajv.addFormat("int32", { type: "number", validate: int(32) });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  for (const name of ["decimal", "double", "float"]) ajv.addFormat(name, { type: "number", validate: () => true });
  for (const name of ["binary", "byte", "password"]) ajv.addFormat(name, { type: "string", validate: () => true });
  ajv.addSchema(contract, "contract");

  const operations = [];
  const byId = new Map();
  for (const [template, item] of Object.entries(contract.paths ?? {})) {
    const segments = template.split("/");
    const pattern = new RegExp(
      "^" + segments.map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/") + "$",
    );
    const literals = segments.filter((s) => s !== "" && !s.startsWith("{")).length;
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const entry = { id: operation.operationId, method: method.toUpperCase(), template, pattern, literals, operation };
      operations.push(entry);
      if (operation.operationId) byId.set(operation.operationId, entry);
    }
  }

  const compiled = new Map();
  /** The operations that answered a test with a 2xx at least once. */
  const answered = new Set();
  const schemaValidator = (pointer) => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.getSchema(`contract#${pointer}`));
    return compiled.get(pointer);
  };

  const escape = (segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

  /** The operation an answer belongs to, or undefined when the request was outside the contract. */
  function find(record) {
    if (record.operationId && byId.has(record.operationId)) return byId.get(record.operationId);
    const path = record.path ?? "";
    const method = (record.method ?? "GET").toUpperCase();
    return operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .sort((a, b) => b.literals - a.literals)[0];
  }

  /** What is wrong with one answer: a list of sentences (empty when it keeps the contract), or null when out of scope. */
  function check(record) {
    const entry = find(record);
    if (!entry) return null;
    if (record.status >= 200 && record.status < 300) answered.add(entry.id);
    const status = String(record.status);
    const responses = entry.operation.responses ?? {};
    const key = [status, `${status[0]}XX`, "default"].find((k) => responses[k] !== undefined);
    if (key === undefined) {
      return [`status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`];
    }
    let response = responses[key];
    let pointer = `/paths/${escape(entry.template)}/${entry.method.toLowerCase()}/responses/${escape(key)}`;
    while (response.$ref) {
      pointer = response.$ref.slice(1);
      response = pointer.slice(1).split("/").reduce((node, s) => node[s.replaceAll("~1", "/").replaceAll("~0", "~")], contract);
    }
    const content = response.content ?? {};
    const declared = Object.keys(content);
    if (!record.hasBody || entry.method === "HEAD") {
      return declared.length > 0 && status !== "304" && entry.method !== "HEAD"
        ? [`no body, but the contract declares ${declared.join(", ")}`]
        : [];
    }
    if (declared.length === 0) return [`a body (${record.contentType}) where the contract declares none`];
    const mediaType = (record.contentType ?? "").split(";")[0].trim().toLowerCase();
    const match = declared.find((d) => d.toLowerCase() === mediaType)
      ?? declared.find((d) => d.endsWith("/*") && mediaType.startsWith(d.slice(0, -1).toLowerCase()))
      ?? declared.find((d) => d === "*/*");
    if (!match) return [`content type ${record.contentType || "(none)"} is not declared (declared: ${declared.join(", ")})`];
    if (record.truncated || record.body === undefined || !content[match].schema) return [];
    let body;
    try {
      body = JSON.parse(record.body);
    } catch {
      return [`the ${mediaType} body is not JSON`];
    }
    const validate = schemaValidator(`${pointer}/content/${escape(match)}/schema`);
    if (validate(body)) return [];
    // Items of arrays are named by `*`, so that one mistake in every item of a page is one violation.
    const where = (e) => e.instancePath.replace(/\/\d+(?=\/|$)/g, "/*") || "(body)";
    return [...new Set(validate.errors.map((e) => `${where(e)} ${e.message}${detail(e.params)}`))].slice(0, 8);
  }

  return { check, operations, answered };
}

function detail(params) {
  if (params?.additionalProperty) return ` (${params.additionalProperty})`;
  if (params?.allowedValues) return ` (${params.allowedValues.join(", ")})`;
  return "";
}

function loadContract(path) {
  return parse(readFileSync(path, "utf8"), { maxAliasCount: -1 });
}

function validateDirectory(contractPath, directory) {
  const { check, operations, answered } = createValidator(loadContract(contractPath));
  const files = readdirSync(directory).filter((f) => f.endsWith(".jsonl"));
  let answers = 0;
  let outside = 0;
  let truncated = 0;
  const bySource = {};
  const violations = new Map();
  for (const file of files) {
    for (const line of readFileSync(join(directory, file), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const record = JSON.parse(line);
      answers++;
      bySource[record.source] = (bySource[record.source] ?? 0) + 1;
      const problems = check(record);
      if (problems === null) {
        outside++;
        continue;
      }
      if (record.truncated) truncated++;
      for (const problem of problems) {
        const where = `${record.method} ${record.operationId ?? record.path} → ${record.status}`;
        const key = `${where}: ${problem}`;
        const known = violations.get(key);
        if (known) known.count++;
        else violations.set(key, { count: 1, example: `${record.method} ${record.path} (${record.source})` });
      }
    }
  }

  const sources = Object.entries(bySource).map(([s, n]) => `${n} from ${s}`).join(", ");
  console.log(
    `Contract check (ajv ${Ajv.version ?? "8"}, OpenAPI 3.0 semantics): ${answers} answers (${sources}) in ${files.length} files; ` +
      `${answers - outside} of operations in the contract, ${outside} outside it (health, the contract, unknown paths); ` +
      `${truncated} bodies too large to check; ${answered.size} of the contract's ${operations.length} operations ` +
      "answered with a 2xx at least once.",
  );
  if (answers === 0) {
    console.log("Contract check: nothing was recorded, so nothing was checked.");
    return 1;
  }
  if (violations.size === 0) {
    console.log("Contract check: every answer keeps the contract (0 violations).");
    return 0;
  }
  const total = [...violations.values()].reduce((sum, v) => sum + v.count, 0);
  console.log(`Contract check: ${total} answers break the contract, in ${violations.size} ways:`);
  for (const [key, { count, example }] of [...violations.entries()].slice(0, 200)) {
    console.log(`  ${key}  (${count}×, e.g. ${example})`);
  }
  if (violations.size > 200) console.log(`  … and ${violations.size - 200} more`);
  return 1;
}

function selfTest(contractPath) {
  const { check } = createValidator(loadContract(contractPath));
  const problem = { type: "urn:mak:problem:not_found", title: "Not found.", status: 404, code: "not_found", traceId: "t" };
  const cases = [
    ["a problem that keeps the contract", { operationId: "getClient", method: "GET", path: "/api/v1/clients/1", status: 404, contentType: "application/problem+json", hasBody: true, body: JSON.stringify(problem) }, true],
    ["the same problem found by its path", { method: "GET", path: "/api/v1/clients/0192f0c1-0000-7000-8000-000000000001", status: 404, contentType: "application/problem+json", hasBody: true, body: JSON.stringify(problem) }, true],
    ["a problem without its code", { operationId: "getClient", method: "GET", path: "/x", status: 404, contentType: "application/problem+json", hasBody: true, body: JSON.stringify({ ...problem, code: undefined }) }, false],
    ["a client of the wrong shape", { operationId: "getClient", method: "GET", path: "/x", status: 200, contentType: "application/json", hasBody: true, body: JSON.stringify({ id: 5 }) }, false],
    ["a null where the contract has no null", { operationId: "getClient", method: "GET", path: "/x", status: 404, contentType: "application/problem+json", hasBody: true, body: JSON.stringify({ ...problem, title: null }) }, false],
    ["a status the operation does not declare", { operationId: "listClients", method: "GET", path: "/api/v1/clients", status: 418, contentType: "application/problem+json", hasBody: true, body: JSON.stringify(problem) }, false],
    ["a media type the response does not declare", { operationId: "getClient", method: "GET", path: "/x", status: 404, contentType: "text/html", hasBody: true, body: "<p>" }, false],
    ["a body where none is declared", { operationId: "deleteClient", method: "DELETE", path: "/x", status: 204, contentType: "application/json", hasBody: true, body: "{}" }, false],
  ];
  let failed = 0;
  for (const [name, record, keeps] of cases) {
    const problems = check(record);
    const ok = problems !== null && (problems.length === 0) === keeps;
    if (!ok) {
      failed++;
      console.log(`Contract check self-test failed: ${name}: ${JSON.stringify(problems)}`);
    }
  }
  console.log(`Contract check self-test: ${cases.length - failed} of ${cases.length} cases judged as expected.`);
  return failed === 0 ? 0 : 1;
}

const args = process.argv.slice(2);
if (args[0] === "--self-test") {
  process.exit(selfTest(args[1]));
} else if (args.length === 2) {
  process.exit(validateDirectory(args[0], args[1]));
} else {
  console.error("usage: validate-exchanges.mjs <contract.yaml> <directory> | --self-test <contract.yaml>");
  process.exit(2);
}
