import { describe, expect, it } from "vitest";
import { etagOf } from "../src/index.js";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("knowledge", () => {
  it("writes a section, an article and a FAQ entry, searches Russian word forms and a typo, and keeps versions", async () => {
    const section = (await api.createKnowledgeSection({ title: "Ипотека TS", position: 1 })).result;
    const created = await api.createArticle({
      sectionId: section.id,
      title: "Ипотека для молодых семей",
      body: "Паспорт и **справка о доходах**. <script>alert(1)</script> [x](javascript:alert(1))",
      status: "published",
      tags: ["ипотека"],
    });
    expect(created.status).toBe(201);
    expect(created.result.bodyHtml).toContain("<strong>справка о доходах</strong>");
    expect(created.result.bodyHtml).not.toContain("<script");
    expect(created.result.bodyHtml).not.toContain("javascript:");

    const hits = (await api.searchKnowledge({ q: "ипотеку", sectionId: section.id })).result.items;
    expect(hits.map((h) => h.id)).toEqual([created.result.id]);
    expect(hits.map((h) => h.kind)).toEqual(["article"]);
    const inBody = (await api.searchKnowledge({ q: "справки", sectionId: section.id })).result.items;
    expect(inBody[0]!.snippet).toContain("<mark>");
    const typo = (await api.searchKnowledge({ q: "ипатека", sectionId: section.id })).result.items;
    expect(typo[0]).toMatchObject({ id: created.result.id, fuzzy: true });

    const changed = await api.updateArticle(created.result.id, etagOf(created) as string, { title: "Ипотека с господдержкой" });
    expect(changed.result.revision).toBe(2);
    const versions = (await api.listArticleVersions(created.result.id)).result.items;
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect((await api.getArticleVersion(created.result.id, 1)).result.title).toBe("Ипотека для молодых семей");

    const faq = (await api.createFaqEntry({ sectionId: section.id, question: "Что такое ипотека?", answer: "Кредит под залог жилья." })).result;
    expect((await api.listFaqEntries({ sectionId: section.id })).result.items.map((f) => f.id)).toEqual([faq.id]);
    expect((await api.deleteFaqEntry(faq.id)).status).toBe(204);
  });

  it("answers a query that is too long with a 400 problem", async () => {
    await expectProblem(api.searchKnowledge({ q: "к".repeat(201) }), 400, "validation_failed");
  });
});
