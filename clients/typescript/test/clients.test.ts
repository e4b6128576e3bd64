import { describe, expect, it } from "vitest";
import { etagOf, type Client, type ClientSort, type UpdateClientRequest } from "../src/index.js";
import {
  addMinutes,
  allPages,
  baseUrl,
  createClient,
  e164,
  etagPattern,
  expectProblem,
  invalid,
  newApi,
  randomPhoneDigits,
  spelledWith8,
  spelledWithPlus7,
  uniqueMarker,
} from "./helpers.js";

const api = newApi();

/** listClients with named filters instead of the generated positional parameters. */
interface ClientFilter {
  q?: string | undefined;
  source?: string | undefined;
  city?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  sort?: ClientSort | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

function listClients(f: ClientFilter) {
  const sources = f.source === undefined ? undefined : [f.source];
  return api.listClients({ q: f.q, source: sources, city: f.city, createdFrom: f.createdFrom, createdTo: f.createdTo, sort: f.sort, cursor: f.cursor, limit: f.limit });
}

describe("createClient / getClient", () => {
  it("creates a client with the phone normalised to E.164 and the e-mail trimmed and lower-cased", async () => {
    const marker = uniqueMarker();
    const digits = randomPhoneDigits();
    const response = await api.createClient({
      fullName: `Иванов Иван Иванович ${marker}`,
      phone: spelledWith8(digits),
      email: `  Ivan.Ivanov.${marker}@Example.RU `,
      city: "Москва",
      source: "partner",
    });

    expect(response.status).toBe(201);
    const client = response.result;
    expect(client).toMatchObject({
      fullName: `Иванов Иван Иванович ${marker}`,
      phone: e164(digits),
      email: `ivan.ivanov.${marker}@example.ru`,
      city: "Москва",
      source: "partner",
    });
    expect(client.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(client.createdAt))).toBe(false);
    expect(Number.isNaN(Date.parse(client.updatedAt))).toBe(false);
    expect(etagOf(response)).toMatch(etagPattern);
    const location = String(response.headers["location"]);
    expect(new URL(location, baseUrl).pathname).toBe(`/api/v1/clients/${client.id}`);
  });

  it("stores absent, null and empty optional fields as null", async () => {
    const { client } = await createClient(api, { source: "cold_base" });
    expect(client.email).toBeNull();
    expect(client.city).toBeNull();
    expect(client.source).toBe("cold_base");
    const { client: empty } = await createClient(api, { email: "", city: null, source: "purchased_base" });
    expect(empty.email).toBeNull();
    expect(empty.city).toBeNull();
  });

  it("gets the client with the ETag the create returned", async () => {
    const { client, etag } = await createClient(api, { email: "get@example.ru", city: "Тверь" });
    const response = await api.getClient(client.id);
    expect(response.status).toBe(200);
    expect(response.result).toEqual(client);
    expect(etagOf(response)).toBe(etag);
  });

  it("answers 404 not_found for an unknown id", async () => {
    const problem = await expectProblem(api.getClient("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11"), 404, "not_found");
    expect(problem.errors ?? null).toBeNull();
  });
});

describe("createClient validation", () => {
  it("rejects a bad phone with 400 validation_failed naming the phone", async () => {
    const problem = await expectProblem(
      api.createClient({ fullName: "Плохой Телефон", phone: "12345", source: "partner" }),
      400,
      "validation_failed",
    );
    expect(problem.errors?.["phone"]?.length ?? 0).toBeGreaterThan(0);
  });

  it("names every offending field", async () => {
    const problem = await expectProblem(
      api.createClient({ fullName: "", phone: "not a phone", source: "partner", city: "x".repeat(101) }),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {})).toEqual(expect.arrayContaining(["fullName", "phone", "city"]));
  });

  it("rejects a missing required field", async () => {
    const problem = await expectProblem(
      api.createClient(invalid({ phone: spelledWith8(randomPhoneDigits()), source: "partner" })),
      400,
      "validation_failed",
    );
    expect(Object.keys(problem.errors ?? {})).toContain("fullName");
  });

  it("rejects an unknown source", async () => {
    await expectProblem(
      api.createClient({
        fullName: "Неизвестный Источник",
        phone: spelledWith8(randomPhoneDigits()),
        source: "tv",
      }),
      400,
      "validation_failed",
    );
  });

  it("rejects unknown fields, so that a typo never loses data", async () => {
    await expectProblem(
      api.createClient(
        invalid({ fullName: "Опечаткин", phone: spelledWith8(randomPhoneDigits()), source: "partner", cty: "Москва" }),
      ),
      400,
      ["validation_failed", "malformed_json"],
    );
  });
});

describe("listClients", () => {
  it("pages through results with the cursor, seeing every client exactly once", async () => {
    const marker = uniqueMarker();
    const created: Client[] = [];
    for (const letter of ["C", "A", "E", "B", "D"]) {
      created.push((await createClient(api, { fullName: `${marker} ${letter}` })).client);
    }

    const pages = await allPages((cursor) => listClients({ q: marker, cursor, limit: 2 }));
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const seen = pages.flat();
    expect(seen.map((c) => c.id).sort()).toEqual(created.map((c) => c.id).sort());
    // Default order: newest first.
    const times = seen.map((c) => Date.parse(c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.map((c) => c.id)).toEqual([...created].reverse().map((c) => c.id));

    // A page that ends the list exactly is the last page: no trailing empty page.
    const exact = await listClients({ q: marker, limit: 5 });
    expect(exact.result.items).toHaveLength(5);
    expect(exact.result.nextCursor).toBeNull();

    const byName = (await allPages((cursor) => listClients({ q: marker, sort: "fullName", cursor, limit: 2 }))).flat();
    expect(byName.map((c) => c.fullName)).toEqual(["A", "B", "C", "D", "E"].map((l) => `${marker} ${l}`));

    const byNameDesc = (
      await allPages((cursor) => listClients({ q: marker, sort: "-fullName", cursor, limit: 3 }))
    ).flat();
    expect(byNameDesc.map((c) => c.fullName)).toEqual(["E", "D", "C", "B", "A"].map((l) => `${marker} ${l}`));
  });

  it("rejects a cursor issued for another sort, and garbage cursors, with 400 invalid_cursor", async () => {
    const marker = uniqueMarker();
    for (const letter of ["A", "B", "C"]) {
      await createClient(api, { fullName: `${marker} ${letter}` });
    }
    const first = await listClients({ q: marker, sort: "fullName", limit: 1 });
    const cursor = first.result.nextCursor;
    expect(cursor).toBeTypeOf("string");
    await expectProblem(
      listClients({ q: marker, sort: "-createdAt", cursor: cursor as string, limit: 1 }),
      400,
      "invalid_cursor",
    );
    await expectProblem(listClients({ cursor: "not-a-cursor" }), 400, "invalid_cursor");
  });

  it("filters by source and city", async () => {
    const marker = uniqueMarker();
    const partner = (
      await createClient(api, { fullName: `${marker} partner`, source: "partner", city: `Town${marker}` })
    ).client;
    const external = (await createClient(api, { fullName: `${marker} external`, source: "external" })).client;

    const all = await listClients({ q: marker });
    expect(all.result.items.map((c) => c.id).sort()).toEqual([partner.id, external.id].sort());
    expect(all.result.nextCursor).toBeNull();

    const bySource = await listClients({ q: marker, source: "external" });
    expect(bySource.result.items.map((c) => c.id)).toEqual([external.id]);

    // Exact match, case-insensitive.
    const byCity = await listClients({ city: `TOWN${marker.toUpperCase()}` });
    expect(byCity.result.items.map((c) => c.id)).toEqual([partner.id]);
    const byCityPrefix = await listClients({ city: "Town" });
    expect(byCityPrefix.result.items.map((c) => c.id)).not.toContain(partner.id);
  });

  it("filters by creation time (createdFrom inclusive, createdTo exclusive)", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `${marker} time` });
    const ids = async (from?: string, to?: string) =>
      (await listClients({ q: marker, createdFrom: from, createdTo: to })).result.items.map((c) => c.id);

    expect(await ids(addMinutes(client.createdAt, -5))).toEqual([client.id]);
    expect(await ids(addMinutes(client.createdAt, 5))).toEqual([]);
    expect(await ids(undefined, addMinutes(client.createdAt, 5))).toEqual([client.id]);
    expect(await ids(undefined, addMinutes(client.createdAt, -5))).toEqual([]);
    expect(await ids(client.createdAt)).toEqual([client.id]);
    expect(await ids(undefined, client.createdAt)).toEqual([]);
  });

  it("searches the phone in any spelling, the name and the e-mail", async () => {
    const marker = uniqueMarker();
    const digits = randomPhoneDigits();
    const { client } = await createClient(api, {
      fullName: `Поисков ${marker}`,
      phone: spelledWith8(digits),
      email: `${marker}@search.example`,
    });
    const find = async (q: string) => (await listClients({ q, limit: 200 })).result.items.map((c) => c.id);

    expect(await find(spelledWithPlus7(digits))).toEqual([client.id]);
    expect(await find(e164(digits))).toEqual([client.id]);
    expect(await find(digits)).toEqual([client.id]);
    expect(await find(`+7 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}`)).toContain(client.id);
    expect(await find(`8 ${digits.slice(0, 3)} ${digits.slice(3, 6)}`)).toContain(client.id);
    expect(await find(digits.slice(0, 6))).toContain(client.id);
    expect(await find(marker.toUpperCase())).toEqual([client.id]);
    expect(await find(`${marker}@SEARCH`)).toEqual([client.id]);
  });

  it("rejects invalid parameters with 400 validation_failed", async () => {
    await expectProblem(listClients({ limit: 0 }), 400, "validation_failed");
    await expectProblem(listClients({ limit: 201 }), 400, "validation_failed");
    // @ts-expect-error a sort the list does not offer does not compile, and the server refuses it from plain JavaScript
    await expectProblem(listClients({ sort: "phone" }), 400, "validation_failed");
    await expectProblem(listClients({ q: "x".repeat(201) }), 400, "validation_failed");
  });
});

describe("updateClient", () => {
  it("applies a merge patch with the current ETag and returns a new ETag", async () => {
    const { client, etag } = await createClient(api, { email: "patch@example.ru", city: "Казань", source: "external" });
    const newDigits = randomPhoneDigits();

    const response = await api.updateClient(client.id, etag, {
      city: "Санкт-Петербург",
      phone: spelledWithPlus7(newDigits),
    });
    expect(response.status).toBe(200);
    const updated = response.result;
    expect(updated).toMatchObject({
      id: client.id,
      fullName: client.fullName,
      email: "patch@example.ru",
      city: "Санкт-Петербург",
      phone: e164(newDigits),
      source: "external",
      createdAt: client.createdAt,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(client.updatedAt));
    const newEtag = etagOf(response);
    expect(newEtag).toMatch(etagPattern);
    expect(newEtag).not.toBe(etag);

    const read = await api.getClient(client.id);
    expect(read.result).toEqual(updated);
    expect(etagOf(read)).toBe(newEtag);
  });

  it("clears email by null and city by an empty string, and normalises a new e-mail", async () => {
    const { client, etag } = await createClient(api, { email: "clear@example.ru", city: "Омск" });
    const cleared = await api.updateClient(client.id, etag, { email: null, city: "" });
    expect(cleared.result.email).toBeNull();
    expect(cleared.result.city).toBeNull();

    const renamed = await api.updateClient(client.id, etagOf(cleared) as string, {
      email: " New@Example.RU ",
      fullName: "Новое Имя",
    });
    expect(renamed.result).toMatchObject({ email: "new@example.ru", fullName: "Новое Имя", city: null });
  });

  it("accepts If-Match: *", async () => {
    const { client } = await createClient(api);
    const response = await api.updateClient(client.id, "*", { city: "Сочи" });
    expect(response.result.city).toBe("Сочи");
  });

  it("answers 412 precondition_failed for a stale ETag and leaves the client unchanged", async () => {
    const { client, etag } = await createClient(api, { city: "Уфа" });
    const first = await api.updateClient(client.id, etag, { city: "Пермь" });

    await expectProblem(api.updateClient(client.id, etag, { city: "Самара" }), 412, "precondition_failed");
    const read = await api.getClient(client.id);
    expect(read.result.city).toBe("Пермь");
    expect(etagOf(read)).toBe(etagOf(first));
  });

  it("answers 428 precondition_required without If-Match", async () => {
    const { client } = await createClient(api, { city: "Тула" });
    await expectProblem(
      api.updateClient(client.id, undefined as unknown as string, { city: "Орёл" }),
      428,
      "precondition_required",
    );
    expect((await api.getClient(client.id)).result.city).toBe("Тула");
  });

  it("rejects null for fields that cannot be cleared, and bad values", async () => {
    const { client, etag } = await createClient(api);
    for (const patch of invalid<UpdateClientRequest[]>([{ fullName: null }, { phone: null }, { source: null }])) {
      const problem = await expectProblem(api.updateClient(client.id, etag, patch), 400, "validation_failed");
      expect(Object.keys(problem.errors ?? {})).toContain(Object.keys(patch)[0]);
    }
    const problem = await expectProblem(api.updateClient(client.id, etag, { phone: "123" }), 400, "validation_failed");
    expect(problem.errors?.["phone"]?.length ?? 0).toBeGreaterThan(0);
    await expectProblem(
      api.updateClient(client.id, etag, invalid({ fullName: "Опечатка", emial: "x@example.ru" })),
      400,
      ["validation_failed", "malformed_json"],
    );
    const read = await api.getClient(client.id);
    expect(read.result).toEqual(client);
    expect(etagOf(read)).toBe(etag);
  });

  it("answers 404 not_found for an unknown id", async () => {
    await expectProblem(
      api.updateClient("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11", '"1"', { city: "Нигде" }),
      404,
      "not_found",
    );
  });
});

describe("deleteClient", () => {
  it("deletes without If-Match; the client is then gone", async () => {
    const marker = uniqueMarker();
    const { client } = await createClient(api, { fullName: `${marker} delete` });

    const response = await api.deleteClient(client.id);
    expect(response.status).toBe(204);

    await expectProblem(api.getClient(client.id), 404, "not_found");
    expect((await listClients({ q: marker })).result.items).toEqual([]);
    await expectProblem(api.deleteClient(client.id), 404, "not_found");
    await expectProblem(api.updateClient(client.id, "*", { city: "Нигде" }), 404, "not_found");
  });

  it("honours If-Match: 412 precondition_failed when stale, 204 when current", async () => {
    const { client, etag } = await createClient(api);
    const updated = await api.updateClient(client.id, etag, { city: "Курск" });

    await expectProblem(api.deleteClient(client.id, etag), 412, "precondition_failed");
    expect((await api.getClient(client.id)).status).toBe(200);

    const response = await api.deleteClient(client.id, etagOf(updated));
    expect(response.status).toBe(204);
    await expectProblem(api.getClient(client.id), 404, "not_found");
  });
});
