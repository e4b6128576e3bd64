import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { etagOf } from "../src/index.js";
import { approvedFranchisee, expectProblem, fillHeadOfficeRequisites, newApi } from "./helpers.js";

const api = newApi();

describe("invoices", () => {
  it("issues a franchisee an invoice from the catalogue, takes payments against it and refuses a surplus", async () => {
    await fillHeadOfficeRequisites(api);
    const { client: franchisee, organizationId } = await approvedFranchisee(api);
    const service = await api.createCatalogueItem({ name: "Пакет из 10 лидов", unit: "пакет", unitPrice: 25000 }, randomUUID());
    expect(service.status).toBe(201);
    expect((await franchisee.listCatalogueItems({ archived: false })).result.items.map((i) => i.id)).toContain(service.result.id);

    const issued = await api.createInvoice(
      { organizationId, lines: [{ catalogueItemId: service.result.id, quantity: 2 }, { description: "Аванс", unitPrice: 500.5 }] },
      randomUUID(),
    );
    expect(issued.status).toBe(201);
    expect(issued.result).toMatchObject({ status: "issued", total: 50500.5, paidAmount: 0, amountDue: 50500.5, organizationId });
    expect(issued.result.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const partly = await api.recordInvoicePayment(issued.result.id, { amount: 500.5, comment: "П/п № 1" }, randomUUID());
    expect(partly.status).toBe(201);
    expect(partly.result.invoice.status).toBe("partly_paid");
    expect(partly.result.ledgerEntry).toMatchObject({ kind: "deposit", invoiceId: issued.result.id, amount: 500.5 });

    const surplus = await expectProblem(
      api.recordInvoicePayment(issued.result.id, { amount: 50000.01, comment: "П/п № 2" }),
      409,
      "payment_exceeds_amount_due",
    );
    expect(surplus.amountDue).toBe(50000);
    const paid = await api.recordInvoicePayment(issued.result.id, { amount: 50000, comment: "П/п № 3" });
    expect(paid.result.invoice).toMatchObject({ status: "paid", amountDue: 0 });

    const own = await franchisee.listInvoices({ status: ["paid"] });
    expect(own.result.items.map((i) => i.id)).toEqual([issued.result.id]);
    await expectProblem(franchisee.cancelInvoice(issued.result.id, { reason: "Не нужен" }), 403, "forbidden");
    await expectProblem(api.cancelInvoice(issued.result.id, { reason: "Не нужен" }), 409, "invoice_state");
  });

  it("cancels an unpaid invoice with its ETag and refuses a stale one", async () => {
    await fillHeadOfficeRequisites(api);
    const { organizationId } = await approvedFranchisee(api);
    const issued = await api.createInvoice({ organizationId, lines: [{ description: "Пополнение баланса", unitPrice: 1000 }] });
    await expectProblem(api.cancelInvoice(issued.result.id, { reason: "Ошибка" }, '"7"'), 412, "precondition_failed");
    const cancelled = await api.cancelInvoice(issued.result.id, { reason: "Ошибка" }, etagOf(issued) as string);
    expect(cancelled.result).toMatchObject({ status: "cancelled", amountDue: 0, cancellationReason: "Ошибка" });
    const listed = await api.listInvoices({ organizationId, status: ["cancelled"] });
    expect(listed.result.items.map((i) => i.id)).toEqual([issued.result.id]);
  });
});
