import { execFileSync } from "node:child_process";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, inject } from "vitest";
import {
  ApiException,
  MakCrmClient,
  TokenClient,
  etagOf,
  problemOf,
  type ApiResponse,
  type Client,
  type CreateClientRequest,
  type CreateLeadRequest,
  type Lead,
  type Lot,
  type Problem,
} from "../src/index.js";

export const baseUrl = inject("baseUrl");

/**
 * The server's bootstrap administrator (every permission, head office), who has two-factor authentication on, see
 * test/global-setup.ts.
 */
export const admin = { email: inject("adminEmail"), password: inject("adminPassword"), totpSecret: inject("adminTotpSecret") };

/** A partner user of its own organization who signs in with the password alone. */
export const partner = { email: inject("partnerEmail"), password: inject("partnerPassword") };

/** The code an authenticator app shows `offsetSteps` × 30 s from now, computed by oathtool (to find codes that are surely wrong). */
export function totpAt(sharedKey: string, offsetSteps = 0): string {
  return totpOfStep(sharedKey, Math.floor(Date.now() / 30_000) + offsetSteps);
}

function totpOfStep(sharedKey: string, step: number): string {
  const at = new Date(step * 30_000).toISOString().replace("T", " ").slice(0, 19);
  const code = execFileSync("oathtool", ["--totp", "-b", `--now=${at} UTC`, sharedKey], { encoding: "utf8" }).trim();
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

/** The last step each key's code was handed out for; the administrator's last one is the global setup's sign-in. */
const lastSteps = new Map<string, number>([[admin.totpSecret, inject("adminTotpLastStep")]]);

/**
 * A code the server takes, as an authenticator app would give it to a user who types one code per change: the server
 * takes each step's code once, and only a step later than the last it took from that user, within two steps (60 s) of
 * now. So codes for one key come from increasing steps, starting now; when the next one is more than two steps ahead,
 * this waits until the server's window reaches it.
 */
export function totp(sharedKey: string): string {
  const now = Math.floor(Date.now() / 30_000);
  const step = Math.max(now, (lastSteps.get(sharedKey) ?? now - 1) + 1);
  const waitMs = (step - 2) * 30_000 - Date.now();
  if (waitMs > 0) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs + 100);
  }
  lastSteps.set(sharedKey, step);
  return totpOfStep(sharedKey, step);
}

/**
 * The bootstrap administrator's two-factor session from the global setup: every file uses it, since one code signs in
 * once. It carries no refresh token, so nothing here can spend it for the others.
 */
export function adminSession(): TokenClient {
  const tokens = new TokenClient(baseUrl);
  tokens.restore({
    accessToken: inject("adminAccessToken"),
    refreshToken: null,
    expiresAt: inject("adminAccessTokenExpiresAt"),
    scope: inject("adminScope"),
  });
  return tokens;
}

/** An API client of the bootstrap administrator's session. */
export function newApi(): MakCrmClient {
  return new MakCrmClient(baseUrl, adminSession());
}

/** An API client that sends no access token. */
export function anonymousApi(): MakCrmClient {
  return new MakCrmClient(baseUrl);
}

/**
 * A marker no other test (or run) uses, to find exactly this test's data with `q`. Letters only: `q` also searches
 * phones "in any spelling", so digits in a marker could match somebody's phone number.
 */
export function uniqueMarker(): string {
  let marker = "zq";
  for (const byte of randomBytes(12)) {
    marker += String.fromCharCode(97 + (byte % 26));
  }
  return marker;
}

/** A random Russian mobile number: the ten digits after +7 (`9xxxxxxxxx`). */
export function randomPhoneDigits(): string {
  let digits = "9";
  for (let i = 0; i < 9; i++) {
    digits += randomInt(10).toString();
  }
  return digits;
}

/** `9991234567` spelled the way people type it: `8 (999) 123-45-67`. */
export function spelledWith8(digits: string): string {
  return `8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8, 10)}`;
}

/** `9991234567` spelled `+7 999 123 45 67`. */
export function spelledWithPlus7(digits: string): string {
  return `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)} ${digits.slice(8, 10)}`;
}

export function e164(digits: string): string {
  return `+7${digits}`;
}

export async function createClient(
  api: MakCrmClient,
  overrides: Partial<CreateClientRequest> = {},
): Promise<{ client: Client; etag: string; response: ApiResponse<Client> }> {
  const response = await api.createClient({
    fullName: `Тестов Тест ${uniqueMarker()}`,
    phone: spelledWith8(randomPhoneDigits()),
    source: "partner",
    ...overrides,
  });
  expect(response.status).toBe(201);
  const etag = etagOf(response);
  expect(etag, "createClient must return an ETag").toBeTypeOf("string");
  return { client: response.result, etag: etag as string, response };
}

export async function createLead(
  api: MakCrmClient,
  request: Partial<CreateLeadRequest> & { clientId: string },
): Promise<{ lead: Lead; etag: string; response: ApiResponse<Lead> }> {
  const response = await api.createLead({ requestedAmount: 1_000_000, product: "consumer", ...request });
  expect(response.status).toBe(201);
  const etag = etagOf(response);
  expect(etag, "createLead must return an ETag").toBeTypeOf("string");
  return { lead: response.result, etag: etag as string, response };
}

/**
 * A franchisee that registered itself (in Пермь) and that head office (`admin`) approved, signed in with its password
 * (no deposit): its client, its organization and its credentials (for a sign-in elsewhere, e.g. in a browser).
 */
export async function approvedFranchisee(
  admin: MakCrmClient,
): Promise<{ client: MakCrmClient; organizationId: string; email: string; password: string }> {
  const email = `ts-auction-${randomUUID()}@franchise.example`;
  const password = "Franchise-Password-2026";
  const registered = await anonymousApi().registerOrganization({
    kind: "franchisee",
    companyName: "ИП Аукционов",
    legalForm: "ip",
    inn: "500100732259",
    city: "Пермь",
    contactPhone: "+7 921 555-44-33",
    contactEmail: email,
    fullName: "Аукционов Антон",
    password,
  });
  await admin.approveOrganization(registered.result.id);
  const tokens = new TokenClient(baseUrl);
  await tokens.signIn(email, password);
  return {
    client: new MakCrmClient(baseUrl, { fetch: (url: string, init?: RequestInit) => tokens.fetch(url, init) }),
    organizationId: registered.result.id,
    email,
    password,
  };
}

/** A new client's lead, put up by head office (`admin`) as a live lot for Пермь: start 1000, step 100, reserve 1500, an hour. */
export async function putUpLot(admin: MakCrmClient): Promise<Lot> {
  const { client } = await createClient(admin, { fullName: "Кузнецова Мария Петровна", email: "maria@example.ru", city: "Пермь" });
  const { lead } = await createLead(admin, { clientId: client.id, requestedAmount: 1_200_000 });
  const response = await admin.createLot({
    leadId: lead.id,
    startPrice: 1000,
    minStep: 100,
    reservePrice: 1500,
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    eligibleCities: ["Пермь"],
  });
  expect(response.status).toBe(201);
  expect(etagOf(response)).toBe('"1"');
  return response.result;
}

/**
 * Awaits a call that must fail with the given status and problem `code`, checks the RFC 9457 shape every error of
 * the API shares, and returns the problem.
 */
/** Head office's requisites (the payee of invoices), filled in: documents naming head office need them. */
export async function fillHeadOfficeRequisites(api: MakCrmClient): Promise<void> {
  const headOffice = "0192f0c1-0000-7000-8000-000000000001";
  const read = await api.getOrganization(headOffice);
  await api.updateOrganizationProfile(headOffice, etagOf(read) as string, {
    legalName: "ООО «МаК Финанс»",
    legalForm: "ooo",
    inn: "7707083893",
    kpp: "773601001",
    legalAddress: "117312, г. Москва, ул. Вавилова, д. 19",
    bankName: "ПАО Сбербанк",
    bik: "044525225",
    correspondentAccount: "30101810400000000225",
    settlementAccount: "40702810400000000225",
  });
}

export async function expectProblem(
  call: Promise<unknown>,
  status: number,
  code: string | readonly string[],
): Promise<Problem> {
  let error: unknown;
  try {
    await call;
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected HTTP ${status} ${code}, but the call succeeded`).toBeDefined();
  expect(error).toBeInstanceOf(ApiException);
  const exception = error as ApiException;
  const problem = problemOf(exception);
  const codes = typeof code === "string" ? [code] : code;
  const detail = `HTTP ${exception.status}, response body: ${exception.response}`;
  expect(exception.status, detail).toBe(status);
  expect(problem, `not a problem: ${detail}`).toBeDefined();
  expect(codes, detail).toContain(problem?.code);
  expect(String(exception.headers["content-type"])).toMatch(/^application\/problem\+json/);
  const shape = problem as Problem;
  expect(shape.status).toBe(status);
  expect(shape.type).toBeTypeOf("string");
  expect(shape.type).not.toBe("");
  expect(shape.title).toBeTypeOf("string");
  expect(shape.traceId).toBeTypeOf("string");
  expect(shape.traceId).not.toBe("");
  return shape;
}

/** ETags are quoted strings (`"1"`), possibly weak (`W/"1"`). */
export const etagPattern = /^(W\/)?"[^"]*"$/;

/** Follows `nextCursor` until it is null and returns every page. */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<ApiResponse<{ items: T[]; nextCursor: string | null }>>,
  maxPages = 20,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const response = await fetchPage(cursor);
    expect(response.status).toBe(200);
    pages.push(response.result.items);
    const next = response.result.nextCursor;
    if (next === null) {
      return pages;
    }
    expect(next).toBeTypeOf("string");
    expect(pages.length, "too many pages: nextCursor never becomes null").toBeLessThan(maxPages);
    cursor = next;
  }
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
}

/** A value the contract's types forbid (e.g. `null` for a field that cannot be cleared), to check the server rejects it. */
export function invalid<T>(value: unknown): T {
  return value as T;
}

/**
 * Runs SQL against the server's database with psql: set-up that no API does yet. Until the auction sells leads, the
 * lead-return tests move a lead to a franchisee and write the `charge` of its purchase this way.
 */
export function sql(statement: string): string {
  const settings = new Map(
    inject("databaseConnectionString")
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const [key, ...value] = part.split("=");
        return [key!.trim().toLowerCase(), value.join("=").trim()] as const;
      }),
  );
  return execFileSync(
    "psql",
    ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", settings.get("host") ?? "127.0.0.1", "-p", settings.get("port") ?? "5432",
      "-U", settings.get("username") ?? settings.get("user id") ?? "postgres", "-d", settings.get("database")!, "-c", statement],
    { encoding: "utf8", env: { ...process.env, PGPASSWORD: settings.get("password") ?? "" } },
  ).trim();
}

/** A mail the server wrote into its pickup folder (see test/global-setup.ts), its bodies decoded. */
export interface PickedUpMail {
  /** The whole message with its quoted-printable bodies decoded (the plain-text part comes before the HTML one). */
  text: string;
  /** The `token=` value of the first link that has one. */
  token: string;
}

const takenMails = new Set<string>();

/**
 * Waits for the next mail to the address that no earlier call (in this file) took: the server writes each mail as an
 * `.eml` file into the run's pickup folder. A file counts once it is complete (it ends with the closing MIME boundary)
 * and has a link with a token, as every invitation and password-reset mail has.
 */
export async function nextMailTo(address: string, timeoutMs = 10_000): Promise<PickedUpMail> {
  const directory = inject("mailDirectory");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const name of readdirSync(directory).filter((file) => file.endsWith(".eml") && !takenMails.has(file)).sort()) {
      const raw = readFileSync(join(directory, name), "utf8");
      const end = raw.indexOf("\r\n\r\n");
      const head = end < 0 ? raw : raw.slice(0, end);
      const addressed = head.split("\r\n").some((line) => /^(to|x-receiver):/i.test(line) && line.toLowerCase().includes(address.toLowerCase()));
      const text = quotedPrintable(raw);
      const token = /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      if (addressed && raw.trimEnd().endsWith("--") && token !== undefined) {
        takenMails.add(name);
        return { text, token };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No mail to ${address} arrived in ${directory} within ${timeoutMs} ms.`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** Waits for an SMS to the number (E.164) that the server wrote into the run's SMS folder, and answers its text. */
export async function nextSmsTo(phone: string, timeoutMs = 10_000): Promise<string> {
  const directory = inject("smsDirectory");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const name of readdirSync(directory).filter((file) => file.endsWith(".txt")).sort()) {
      const [to, text] = readFileSync(join(directory, name), "utf8").split("\n\n", 2);
      if (to === phone && text !== undefined) {
        return text.trim();
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No SMS to ${phone} arrived in ${directory} within ${timeoutMs} ms.`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** Decodes quoted-printable text (soft line breaks and `=XX` bytes, read as UTF-8). */
function quotedPrintable(encoded: string): string {
  const bytes: number[] = [];
  const text = encoded.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
