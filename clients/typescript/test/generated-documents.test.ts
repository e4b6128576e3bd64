import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { etagOf } from "../src/index.js";
import { approvedFranchisee, createClient, expectProblem, fillHeadOfficeRequisites, newApi } from "./helpers.js";

const api = newApi();

describe("generated documents", () => {
  it("makes a franchisee's top-up invoice as PDF or DOCX, which it downloads", async () => {
    await fillHeadOfficeRequisites(api);
    const { client: franchisee, organizationId } = await approvedFranchisee(api);

    const invoice = await franchisee.createTopUpInvoice({ amount: 15000.5 }, randomUUID());
    expect(invoice.status).toBe(201);
    expect(invoice.result).toMatchObject({ kind: "invoice", origin: "generated", contentType: "application/pdf", organizationId });
    expect(invoice.result.generatedFrom?.template).toBe("invoice");
    expect((invoice.result.generatedFrom?.input as { number: string }).number).toMatch(/^С-\d{4}-\d{6}$/);
    const file = await franchisee.downloadDocument(invoice.result.id);
    const head = new TextDecoder().decode(new Uint8Array(await file.result.data.arrayBuffer()).slice(0, 5));
    expect(head).toBe("%PDF-");

    const docx = await api.createTopUpInvoice({ amount: 100, organizationId, format: "docx" });
    expect(docx.result.fileName).toMatch(/\.docx$/);
    expect(docx.result.organizationId).toBe(organizationId);

    await expectProblem(franchisee.createFranchiseContract({ organizationId }), 403, "forbidden");
    await expectProblem(franchisee.createTopUpInvoice({ amount: 0 }), 400, "validation_failed");
  });

  it("makes the franchise contract on head office's request, listed among the franchisee's documents", async () => {
    await fillHeadOfficeRequisites(api);
    const { client: franchisee, organizationId } = await approvedFranchisee(api);
    const read = await api.getOrganization(organizationId);
    await api.updateOrganizationProfile(organizationId, etagOf(read) as string, { legalName: "ИП Аукционов Антон Антонович", legalAddress: "г. Пермь, ул. Ленина, д. 1" });

    const contract = await api.createFranchiseContract({ organizationId }, randomUUID());
    expect(contract.status).toBe(201);
    expect(contract.result.kind).toBe("contract");
    const listed = await franchisee.listDocuments({ kind: "contract" });
    expect(listed.result.items.map((d) => d.id)).toContain(contract.result.id);
  });

  it("makes a contract with a client, filed on the client's card", async () => {
    await fillHeadOfficeRequisites(api);
    const { client } = await createClient(api);

    const contract = await api.createClientContract(client.id, { feePercent: 2.5, format: "docx" }, randomUUID());
    expect(contract.status).toBe(201);
    expect(contract.result).toMatchObject({ kind: "contract", subjectType: "client", subjectId: client.id });
    expect(contract.result.fileName).toMatch(/\.docx$/);
    expect((contract.result.generatedFrom?.input as { number: string }).number).toMatch(/^К-\d{4}-\d{6}$/);
    const listed = await api.listDocuments({ subjectType: "client", subjectId: client.id });
    expect(listed.result.items.map((d) => d.id)).toEqual([contract.result.id]);

    await expectProblem(api.createClientContract(client.id, { feePercent: 0 }), 400, "validation_failed");
  });
});
