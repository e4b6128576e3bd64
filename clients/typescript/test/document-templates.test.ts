import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("document templates", () => {
  it("lists the templates with their fields and previews a draft as HTML and DOCX", async () => {
    const list = await api.listDocumentTemplates();
    const invoice = list.result.items.find((t) => t.name === "invoice");
    expect(invoice?.versions[0]).toMatchObject({ version: 1, source: "embedded", createdAt: null });
    expect(invoice?.fields).toContainEqual({ path: "payee.name", type: "string", sample: "payee.name" });
    expect(invoice?.fields).toContainEqual({ path: "lines[].amount", type: "number", sample: "12345.67" });

    const v1 = await api.getDocumentTemplateVersion("invoice", 1);
    const draft = v1.result.body.replace("<body>\n", "<body>\n<p>Черновик счёта</p>\n");
    const html = await api.previewDocumentTemplate({ body: draft, format: "html" }, "invoice");
    expect(await html.result.data.text()).toContain("Черновик счёта");
    const docx = await api.previewDocumentTemplate({ version: 1, format: "docx" }, "invoice");
    const head = new TextDecoder().decode(new Uint8Array(await docx.result.data.arrayBuffer()).slice(0, 2));
    expect(head).toBe("PK");

    await expectProblem(
      api.previewDocumentTemplate({ body: draft.replace("{{basis}}", "{{bassis}}"), format: "html" }, "invoice"),
      422,
      "document_template_unknown_field",
    );
    await expectProblem(api.getDocumentTemplate("no_such_template"), 404, "not_found");
  });

  it("adds a version under an idempotency key, which becomes the current one", async () => {
    const v1 = await api.getDocumentTemplateVersion("contract", 1);
    // The same text as the embedded version, with a comment: the contracts other tests make read the same.
    const body = `${v1.result.body}{{!-- ${randomUUID()} --}}\n`;
    const key = randomUUID();
    const note = "Проверка клиента";
    const created = await api.createDocumentTemplateVersion({ body, note }, "contract", key);
    expect(created.status).toBe(201);
    expect(created.result).toMatchObject({ name: "contract", source: "stored", current: true, note });
    const replay = await api.createDocumentTemplateVersion({ body, note }, "contract", key);
    expect(replay.result.version).toBe(created.result.version);

    const template = await api.getDocumentTemplate("contract");
    expect(template.result.currentVersion).toBe(created.result.version);
    await expectProblem(
      api.createDocumentTemplateVersion({ body: "<html><body>{{{number}}}</body></html>" }, "contract", randomUUID()),
      422,
      "document_template_unknown_field",
    );
  });
});
