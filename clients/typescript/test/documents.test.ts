import { describe, expect, it } from "vitest";
import { createHash, randomUUID } from "node:crypto";
import { createClient, expectProblem, newApi } from "./helpers.js";

const api = newApi();
const pdf = new TextEncoder().encode("%PDF-1.4\n%ts\n1 0 obj<<>>endobj\n%%EOF\n");

describe("documents", () => {
  it("uploads a file (its type sniffed from the content), lists it, downloads it by name and deletes it", async () => {
    const uploaded = await api.uploadDocument(randomUUID(), { data: new Blob([pdf], { type: "text/plain" }), fileName: "Счёт № 5.pdf" }, "scan");
    expect(uploaded.status).toBe(201);
    expect(uploaded.headers["location"]).toBe(`/api/v1/documents/${uploaded.result.id}`);
    expect(uploaded.result).toMatchObject({ kind: "scan", origin: "uploaded", contentType: "application/pdf", size: pdf.length, fileName: "Счёт № 5.pdf" });
    expect(uploaded.result.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));

    const listed = await api.listDocuments({ kind: "scan" });
    expect(listed.result.items.map((d) => d.id)).toContain(uploaded.result.id);

    const download = await api.downloadDocument(uploaded.result.id);
    expect(download.status).toBe(200);
    expect(download.result.fileName).toBe("Счёт № 5.pdf");
    expect(new Uint8Array(await download.result.data.arrayBuffer())).toEqual(pdf);

    expect((await api.deleteDocument(uploaded.result.id)).status).toBe(204);
    await expectProblem(api.getDocument(uploaded.result.id), 404, "not_found");
  });

  it("files a document on a client and lists the client's documents", async () => {
    const { client } = await createClient(api);
    const file = { data: new Blob([pdf]), fileName: "Паспорт.pdf" };
    const uploaded = await api.uploadDocument(randomUUID(), file, "scan", "client", client.id);
    expect(uploaded.status).toBe(201);
    expect(uploaded.result).toMatchObject({ subjectType: "client", subjectId: client.id });

    const listed = await api.listDocuments({ subjectType: "client", subjectId: client.id });
    expect(listed.result.items.map((d) => d.id)).toEqual([uploaded.result.id]);

    await expectProblem(api.uploadDocument(undefined, file, "scan", "client", randomUUID()), 404, "not_found");
  });

  it("refuses a file whose content is not an accepted type with 415", async () => {
    await expectProblem(
      api.uploadDocument(undefined, { data: new Blob(["plain text"], { type: "application/pdf" }), fileName: "fake.pdf" }, "scan"),
      415,
      "unsupported_media_type",
    );
  });
});
