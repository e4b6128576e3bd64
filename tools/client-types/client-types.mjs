// What the clients' types say that NSwag's output does not, made from api-spec/openapi.yaml in one place:
// 1. Dates in TypeScript: the client returns JSON as parsed, so a `format: date-time` value is an ISO 8601 string at
//    run time and is typed as one, `IsoDateTime`, and a `format: date` one `IsoDate` (docs/adr/0043). Both are
//    `string & {}`: any string is assignable to them and they to string, but editors and errors show the name.
// 2. The contract's tagged unions — a schema that is `oneOf` its variants with a `discriminator` on `kind` and a
// `mapping` — in the forms the clients' generator handles, and the clients' types made to narrow on `kind`. NSwag
// reads no `oneOf` union (it drops the variants), but it reads a base schema with a discriminator whose variants are
// `allOf: [base, their own properties]`; so both clients are generated from a copy of the contract in that form, and
// what NSwag still gets wrong is mended after it, here, in one place:
// - TypeScript: NSwag's interfaces extend the base and keep its `kind: TimelineItemKind`, which does not narrow. The
//   base becomes `TimelineItemBase`, each variant gets `kind: "comment"` (its mapping key), and `TimelineItem` is the
//   union of the variants, so `switch (item.kind)` narrows under `strict`.
// - C#: NSwag's JsonInheritanceConverter picks the variant by `kind` wherever it stands in the object, but the
//   classes lose the discriminator property; MakCrmUnions.cs makes each base abstract with a `Kind` that each variant
//   answers with its own value (not serialized: the converter writes the discriminator).
// The wire does not change: a variant lists every property of the union, in the union's order; only the properties
// its kind sets are not nullable. The server reads the same union flattened back into one record
// (tools/WireTypes/WireTypes.cs), and the drift test compares it so (ContractShape).
//
//   node tools/client-types/client-types.mjs nswag-input <contract.yaml> <output.json>
//   node tools/client-types/client-types.mjs typescript <contract.yaml> <client.ts>   (after NSwag: dates, unions)
//   node tools/client-types/client-types.mjs csharp <contract.yaml> <MakCrmUnions.cs>
//   node tools/client-types/client-types.mjs --self-test
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";

const prefix = "#/components/schemas/";

/** Every tagged union of the contract: its name, discriminator, enum of kinds and variants (kind, schema name). */
export function unions(contract) {
  const schemas = contract.components?.schemas ?? {};
  const found = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!schema.discriminator) continue;
    const { propertyName, mapping } = schema.discriminator;
    const fail = (why) => { throw new Error(`api-spec/openapi.yaml: the union ${name} ${why}`); };
    if (propertyName !== "kind") fail("must be told apart by `kind`");
    if (!mapping || !Array.isArray(schema.oneOf)) fail("needs `oneOf` and a discriminator `mapping`");
    const variants = Object.entries(mapping).map(([kind, ref]) => ({ kind, name: ref.replace(prefix, "") }));
    const listed = schema.oneOf.map((branch) => branch.$ref?.replace(prefix, ""));
    if (!isDeepStrictEqual(listed, variants.map((v) => v.name))) fail("must list in `oneOf` its mapping's schemas, in order");
    const kindEnum = `${name}Kind`;
    if (!isDeepStrictEqual(schemas[kindEnum]?.enum, variants.map((v) => v.kind))) {
      fail(`needs the enum ${kindEnum} of its mapping's kinds, in the mapping's order`);
    }
    const first = schemas[variants[0].name];
    for (const variant of variants) {
      const schema = schemas[variant.name];
      if (!schema?.properties) fail(`names ${variant.name}, which is no object schema`);
      if (!isDeepStrictEqual(Object.keys(schema.properties), Object.keys(first.properties))) {
        fail(`has variants with other properties or another order (${variant.name}): the wire is one object`);
      }
      if (!isDeepStrictEqual(schema.properties.kind, { type: "string", enum: [variant.kind] })) {
        fail(`needs \`kind: {type: string, enum: [${variant.kind}]}\` in ${variant.name}`);
      }
    }
    found.push({ name, kindEnum, variants, description: schema.description });
  }
  return found;
}

/** A copy of the contract with each union as a base schema and variants that extend it (the form NSwag reads). */
export function nswagInput(contract) {
  const copy = structuredClone(contract);
  const schemas = copy.components.schemas;
  for (const union of unions(contract)) {
    const variants = union.variants.map((v) => schemas[v.name]);
    const names = Object.keys(variants[0].properties);
    const common = names.filter((p) => p !== "kind" && variants.every((v) => isDeepStrictEqual(v.properties[p], variants[0].properties[p])));
    const pick = (schema, keep) => Object.fromEntries(Object.entries(schema.properties).filter(([p]) => keep(p)));
    const required = (schema, keep) => (schema.required ?? []).filter(keep);
    const inBase = (p) => p === "kind" || common.includes(p);
    const base = {
      type: "object",
      additionalProperties: false,
      description: union.description,
      required: required(variants[0], inBase),
      properties: { ...pick(variants[0], inBase), kind: { $ref: `${prefix}${union.kindEnum}` } },
      discriminator: { propertyName: "kind", mapping: Object.fromEntries(union.variants.map((v) => [v.kind, `${prefix}${v.name}`])) },
    };
    base.properties = Object.fromEntries(names.filter(inBase).map((p) => [p, base.properties[p]]));
    schemas[union.name] = base;
    for (const [i, variant] of variants.entries()) {
      const own = (p) => !inBase(p);
      schemas[union.variants[i].name] = {
        description: variant.description,
        allOf: [
          { $ref: `${prefix}${union.name}` },
          { type: "object", additionalProperties: false, required: required(variant, own), properties: pick(variant, own) },
        ],
      };
    }
  }
  optionalFormFieldsNullable(copy);
  return copy;
}

/**
 * Marks every optional field of a `multipart/form-data` body nullable in NSwag's copy: NSwag's clients throw on a
 * null form field unless its schema is nullable, whether or not the body requires it, so an optional field left unset
 * would fail before the request is sent. Nullable, the field is sent only when it has a value; the wire is unchanged.
 */
function optionalFormFieldsNullable(contract) {
  const schemas = contract.components.schemas;
  const resolve = (schema) => (schema?.$ref ? schemas[schema.$ref.replace(prefix, "")] : schema);
  for (const path of Object.values(contract.paths ?? {})) {
    for (const operation of Object.values(path)) {
      const body = resolve(operation?.requestBody?.content?.["multipart/form-data"]?.schema);
      if (!body?.properties) continue;
      for (const [name, property] of Object.entries(body.properties)) {
        if ((body.required ?? []).includes(name) || property.nullable) continue;
        body.properties[name] = property.$ref ? { oneOf: [property], nullable: true } : { ...property, nullable: true };
      }
    }
  }
}

const dateTypes = { "date-time": "IsoDateTime", date: "IsoDate" };

/** The date alias of a property's schema (or of its array's items), if it is a date. */
/** A C# doc comment's summary, wrapped at spaces so that no generated line is over 120 characters. */
function docSummary(summary) {
  const lines = [];
  let line = "/// <summary>";
  let first = true;
  for (const word of `${summary}</summary>`.split(" ")) {
    if (!first && line.length + 1 + word.length > 120) {
      lines.push(line);
      line = "///";
    }
    line += (first ? "" : " ") + word;
    first = false;
  }
  lines.push(line);
  return lines;
}

function dateType(property) {
  const schema = property.type === "array" ? property.items ?? {} : property;
  return schema.type === "string" ? dateTypes[schema.format] : undefined;
}

/** NSwag's TypeScript with the dates of every schema typed as dates (the properties NSwag writes `string`). */
export function datedTypeScript(contract, source) {
  const lines = source.split("\n");
  const interfaces = new Map();
  lines.forEach((line, i) => {
    const match = line.match(/^export interface (\w+) /);
    if (match) interfaces.set(match[1], i);
  });
  // Every schema's properties, and every operation's query parameters (the interface `<OperationId>Params`).
  const typed = Object.entries(nswagInput(contract).components.schemas)
    .map(([name, schema]) => [name, { ...schema.properties, ...schema.allOf?.[1]?.properties }]);
  for (const item of Object.values(contract.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const query = (operation?.parameters ?? [])
        .map((p) => (p.$ref ? contract.components.parameters[p.$ref.split("/").pop()] : p))
        .filter((p) => p.in === "query" && /^\w+$/.test(p.name));
      if (operation?.operationId && query.length > 0) {
        const name = `${operation.operationId[0].toUpperCase()}${operation.operationId.slice(1)}Params`;
        typed.push([name, Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}]))]);
      }
    }
  }
  for (const [name, properties] of typed) {
    const dated = Object.entries(properties).filter(([, property]) => dateType(property));
    if (dated.length === 0) continue;
    const start = interfaces.get(name);
    if (start === undefined) throw new Error(`the generated TypeScript has no interface ${name}`);
    for (const [property, propertySchema] of dated) {
      const pattern = new RegExp(`^(    ${property}\\??: )string\\b`);
      let i = start + 1;
      while (lines[i] !== "}" && !pattern.test(lines[i])) i++;
      if (lines[i] === "}") throw new Error(`the generated TypeScript's ${name} has no string ${property}`);
      lines[i] = lines[i].replace(pattern, `$1${dateType(propertySchema)}`);
    }
  }
  return `${lines.join("\n").trimEnd()}

/** An instant as the API writes it, ISO 8601 with the offset (\`2026-11-26T15:00:00.123456+00:00\`): the contract's
 * \`format: date-time\`. A string at run time (\`new Date(value)\` reads it, \`date.toISOString()\` writes one; ADR 0043). */
export type IsoDateTime = string & {};

/** A calendar day (\`2026-11-26\`, the contract's \`format: date\`), without a time or a time zone: compare and sort
 * such days as strings; \`new Date(value)\` would make it midnight UTC, another day west of Greenwich. */
export type IsoDate = string & {};
`;
}

/** NSwag's TypeScript with each union made the union of its variants, each variant's `kind` its literal. */
export function narrowTypeScript(contract, source) {
  let text = source;
  const replace = (pattern, replacement, what) => {
    if (!pattern.test(text)) throw new Error(`the generated TypeScript has no ${what}`);
    text = text.replace(pattern, replacement);
  };
  for (const union of unions(contract)) {
    const variants = union.variants.map((v) => v.name);
    replace(
      new RegExp(`^(?:/\\*\\* [^\\n]*\\*/\\n)?export interface ${union.name} \\{$`, "m"),
      `/** ${union.description}\n * Narrow it on \`kind\` (\`switch (item.kind)\`). */\n` +
        `export type ${union.name} = ${variants.join(" | ")};\n\n` +
        `/** What every kind of \`${union.name}\` has. */\nexport interface ${union.name}Base {`,
      `interface ${union.name}`,
    );
    for (const variant of union.variants) {
      replace(
        new RegExp(`^export interface ${variant.name} extends ${union.name} \\{$`, "m"),
        `export interface ${variant.name} extends ${union.name}Base {\n    kind: "${variant.kind}";`,
        `interface ${variant.name} extending ${union.name}`,
      );
    }
  }
  return text;
}

/** An enum member as NSwag names it: the value with its first letter capitalized (`create_task` is `Create_task`). */
const member = (value) => value[0].toUpperCase() + value.slice(1);

/** The C# half that NSwag does not write: each union's base abstract, with the `Kind` each variant answers. */
export function csharpUnions(contract) {
  const lines = [
    "// <auto-generated>",
    "// Generated by tools/client-types/client-types.mjs from api-spec/openapi.yaml. Do not edit: run ./mak generate.",
    "// </auto-generated>",
    "#nullable enable",
    "",
    "namespace MakCrm.Client;",
  ];
  for (const union of unions(contract)) {
    lines.push(
      "",
      ...docSummary(
        `${union.description.replaceAll("&", "&amp;").replaceAll("<", "&lt;")} One of: ` +
          `${union.variants.map((v) => `<see cref="${v.name}"/>`).join(", ")}.`,
      ),
      `public abstract partial class ${union.name}`,
      "{",
      "    /// <summary>Which kind it is (the JSON's <c>kind</c>); each kind is its own class.</summary>",
      "    [System.Text.Json.Serialization.JsonIgnore]",
      `    public abstract ${union.kindEnum} Kind { get; }`,
      "}",
    );
    for (const variant of union.variants) {
      lines.push(
        "",
        `public partial class ${variant.name}`,
        "{",
        "    /// <inheritdoc/>",
        "    [System.Text.Json.Serialization.JsonIgnore]",
        `    public override ${union.kindEnum} Kind => ${union.kindEnum}.${member(variant.kind)};`,
        "}",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function selfTest() {
  const object = (kind, text) => ({
    type: "object",
    additionalProperties: false,
    description: `A ${kind}.`,
    required: ["id", "kind", "text"],
    properties: { id: { type: "string" }, kind: { type: "string", enum: [kind] }, text: text },
  });
  const contract = {
    components: {
      schemas: {
        ItemKind: { type: "string", enum: ["comment", "task"] },
        Item: {
          description: "An item.",
          oneOf: [{ $ref: `${prefix}CommentItem` }, { $ref: `${prefix}TaskItem` }],
          discriminator: { propertyName: "kind", mapping: { comment: `${prefix}CommentItem`, task: `${prefix}TaskItem` } },
        },
        CommentItem: object("comment", { type: "string" }),
        TaskItem: object("task", { type: "string", nullable: true }),
      },
    },
  };
  const input = nswagInput(contract).components.schemas;
  const expect = (ok, what) => { if (!ok) throw new Error(`self-test: ${what}`); };
  expect(isDeepStrictEqual(Object.keys(input.Item.properties), ["id", "kind"]), "the base holds what every variant shares");
  expect(input.Item.properties.kind.$ref === `${prefix}ItemKind`, "the base's kind is the enum of kinds");
  expect(isDeepStrictEqual(Object.keys(input.TaskItem.allOf[1].properties), ["text"]), "a variant keeps what differs");
  const ts = narrowTypeScript(contract, [
    "export interface Item {", "    id: string;", "    kind: ItemKind;", "}",
    "export interface CommentItem extends Item {", "    text: string;", "}",
    "export interface TaskItem extends Item {", "    text: string | null;", "}",
  ].join("\n"));
  expect(ts.includes("export type Item = CommentItem | TaskItem;"), "the union is its variants");
  expect(ts.includes('export interface TaskItem extends ItemBase {\n    kind: "task";'), "a variant's kind is its literal");
  expect(csharpUnions(contract).includes("public override ItemKind Kind => ItemKind.Task;"), "C# answers the kind");
  contract.paths = {
    "/items": {
      post: {
        requestBody: {
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file"],
                properties: { file: { type: "string", format: "binary" }, kind: { $ref: `${prefix}ItemKind` } },
              },
            },
          },
        },
      },
    },
  };
  const form = nswagInput(contract).paths["/items"].post.requestBody.content["multipart/form-data"].schema.properties;
  expect(!form.file.nullable, "a required form field stays required");
  expect(form.kind.nullable && form.kind.oneOf[0].$ref === `${prefix}ItemKind`, "an optional form field is nullable");
  delete contract.paths;
  contract.components.schemas.CommentItem.properties.text = { type: "string", format: "date-time", nullable: true };
  const dated = datedTypeScript(contract, [
    "export interface Item {", "    id: string;", "    kind: ItemKind;", "}",
    "export interface CommentItem extends Item {", "    text: string | null;", "}",
    "export interface TaskItem extends Item {", "    text: string | null;", "}",
  ].join("\n"));
  expect(dated.includes("export interface CommentItem extends Item {\n    text: IsoDateTime | null;"), "a date-time is one");
  expect(dated.includes("export interface TaskItem extends Item {\n    text: string | null;"), "a string stays one");
  contract.components.schemas.TaskItem.properties = { kind: contract.components.schemas.TaskItem.properties.kind };
  let refused = false;
  try { unions(contract); } catch { refused = true; }
  expect(refused, "variants with other properties than their union's are refused");
  console.log("client-types: self-test passed");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const [command, contractPath, output] = process.argv.slice(2);
  if (command === "--self-test") {
    selfTest();
  } else {
    const contract = parse(readFileSync(contractPath, "utf8"));
    if (command === "nswag-input") {
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, JSON.stringify(nswagInput(contract), null, 1));
    } else if (command === "typescript") {
      writeFileSync(output, narrowTypeScript(contract, datedTypeScript(contract, readFileSync(output, "utf8"))));
    } else if (command === "csharp") {
      writeFileSync(output, csharpUnions(contract));
    } else {
      console.error("usage: client-types.mjs nswag-input|typescript|csharp <contract.yaml> <file> | --self-test");
      process.exit(2);
    }
  }
}
