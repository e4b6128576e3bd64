import { describe, expect, it } from "vitest";
import { MakCrmClient, TokenClient, type ImportOperation } from "../src/index.js";
import { anonymousApi, baseUrl, createClient, createLead, e164, expectProblem, newApi, partner, randomPhoneDigits, spelledWith8, uniqueMarker } from "./helpers.js";

const api = newApi();

// The server's worker imports the file; up to a minute, for a machine loaded by the other suites.
async function finished(id: string): Promise<ImportOperation> {
  for (let attempt = 0; attempt < 240; attempt++) {
    const operation = (await api.getImport(id)).result;
    if (operation.status === "succeeded" || operation.status === "failed") {
      return operation;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Import ${id} did not finish.`);
}

describe("imports", () => {
  it("uploads a CSV, which the server's worker imports, and downloads the rejected rows", async () => {
    const marker = uniqueMarker();
    const good = e164(randomPhoneDigits());
    const csv = [
      "fullName,phone,source",
      `Импортов ${marker},${good},partner`,
      `Повторов ${marker},${good},partner`,
      `Плохой ${marker},123,partner`,
    ].join("\r\n");

    const accepted = await api.startImport(undefined, { data: new Blob([csv], { type: "text/csv" }), fileName: "clients.csv" }, "clients", null);
    expect(accepted.status).toBe(202);
    expect(accepted.headers["location"]).toBe(`/api/v1/imports/${accepted.result.id}`);
    expect(accepted.result).toMatchObject({ kind: "clients", status: "queued", fileFormat: "csv", fileName: "clients.csv" });

    const operation = await finished(accepted.result.id);
    expect(operation.status).toBe("succeeded");
    expect(operation.counts).toEqual({ rowsRead: 3, created: 1, duplicates: 1, rejected: 1 });
    expect((await api.listImports()).result.items.map((i) => i.id)).toContain(operation.id);

    const rejected = await api.getImportRejectedRows(operation.id);
    expect(rejected.status).toBe(200);
    const text = await rejected.result.data.text();
    expect(text).toContain("fullName,phone,source,rowNumber,reason");
    expect(text).toContain(`Плохой ${marker},123,partner,3,"phone: Must be a phone number`);
  });

  it("imports a lead file: new leads, duplicates linked to their open original, broken rows with reasons", async () => {
    const marker = uniqueMarker();
    const originalDigits = randomPhoneDigits();
    const { client } = await createClient(api, { phone: e164(originalDigits) });
    const { lead: original } = await createLead(api, { clientId: client.id, product: "auto" });
    const csv = [
      "fullName,phone,source,requestedAmount,product,comment",
      `Лидов ${marker},${e164(randomPhoneDigits())},partner,150000.50,consumer,Из файла`,
      `Повторов ${marker},${spelledWith8(originalDigits)},partner,100000,mortgage,`,
      `Плохой ${marker},${e164(randomPhoneDigits())},partner,100000,yacht,`,
    ].join("\r\n");

    const accepted = await api.startImport(undefined, { data: new Blob([csv], { type: "text/csv" }), fileName: "leads.csv" }, "leads", null);
    expect(accepted.status).toBe(202);
    expect(accepted.result).toMatchObject({ kind: "leads", status: "queued" });

    const operation = await finished(accepted.result.id);
    expect(operation.status).toBe("succeeded");
    expect(operation.counts).toEqual({ rowsRead: 3, created: 1, duplicates: 1, rejected: 1 });
    const duplicates = (await api.listLeads({ duplicateOf: original.id })).result.items;
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ clientId: client.id, product: "mortgage", duplicateOf: original.id });
    const text = await (await api.getImportRejectedRows(operation.id)).result.data.text();
    expect(text).toContain(`Плохой ${marker},`);
    expect(text).toContain("product: Must be one of: mortgage, consumer, auto, business, refinancing.");
  });

  it("fails a file whose cf. column names no custom field, naming the column", async () => {
    const csv = ["fullName,phone,source,cf.no_such_field", `Поля ${uniqueMarker()},${e164(randomPhoneDigits())},partner,x`].join("\r\n");
    const accepted = await api.startImport(undefined, { data: new Blob([csv], { type: "text/csv" }), fileName: "cf.csv" }, "clients", null);
    const operation = await finished(accepted.result.id);
    expect(operation.status).toBe("failed");
    expect(operation.failure).toMatchObject({ code: "import_file_invalid" });
    expect(operation.failure?.detail).toContain("cf.no_such_field");
  });

  it("answers 400 per field for an upload that is not a CSV or XLSX file, and 404 for an unknown import", async () => {
    const problem = await expectProblem(
      api.startImport(undefined, { data: new Blob(["%PDF"]), fileName: "clients.pdf" }, "clients", null),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(["file"]);
    await expectProblem(api.getImport("0192f0c1-0000-7000-8000-00000000ffff"), 404, "not_found");
    await expectProblem(anonymousApi().listImports(), 401, "unauthorized");
  });
});

describe("exports", () => {
  it("exports the filtered clients as CSV with a byte order mark, and as XLSX", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `Экспортов ${marker}`, city: "Владимир" });

    const csv = await api.exportClients({ q: marker, format: "csv" });
    expect(csv.status).toBe(200);
    expect(csv.result.fileName).toMatch(/^clients-\d{8}-\d{6}\.csv$/);
    const bytes = new Uint8Array(await csv.result.data.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,fullName,phone,email,city,source,processingMethod,tags,consentGivenAt,consentTextVersion,consentWithdrawnAt,createdAt,updatedAt");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${client.id},Экспортов ${marker},${client.phone},,Владимир,partner`);

    const xlsx = await api.exportClients({ q: marker, format: "xlsx" });
    expect(xlsx.result.fileName).toMatch(/\.xlsx$/);
    const zip = new Uint8Array(await xlsx.result.data.arrayBuffer());
    expect([...zip.slice(0, 2)]).toEqual([0x50, 0x4b]);

    const leads = await api.exportLeads({ clientId: client.id });
    const leadHeader = new TextDecoder().decode(await leads.result.data.arrayBuffer()).replace(/^\uFEFF/, "").split("\r\n")[0];
    expect(leadHeader).toBe(
      "id,clientId,fullName,phone,email,city,source,processingMethod,requestedAmount,product,status,comment,"
      + "organizationId,organizationName,responsibleUserId,responsibleName,createdAt,updatedAt");
  });

  it("refuses an export to a caller without the permission", async () => {
    const session = new TokenClient(baseUrl);
    await session.signIn(partner.email, partner.password);
    const problem = await expectProblem(new MakCrmClient(baseUrl, session).exportClients(), 403, "forbidden");
    expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
