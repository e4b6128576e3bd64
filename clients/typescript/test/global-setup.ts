// Starts the real MaK CRM server (the built MakCrm.WebApi.dll) on a free loopback port with a fresh database, hands
// its base URL and the credentials of its bootstrap administrator (with two-factor authentication on) and of a
// password-only partner to the tests (`inject("baseUrl")`, `inject("adminEmail")`, `inject("adminPassword")`,
// `inject("adminTotpSecret")`, `inject("partnerEmail")`, `inject("partnerPassword")`) and stops it afterwards.
//
// The server sends no real mail: with no SMTP host (Mak__Mail__Host empty) it writes every mail as an .eml file into
// a pickup folder of this run (`inject("mailDirectory")`, removed afterwards), which `nextMailTo` in helpers.ts reads
// to get the one-time links of invitations and password resets. With no SMS provider, it writes each SMS as a text
// file (the number, an empty line, the text) into a folder of this run (`inject("smsDirectory")`), which `nextSmsTo`
// reads.
//
// The server gets a fresh key-encryption key (MAK_KEY_ENCRYPTION_KEY) per run, its own base URL as the token issuer,
// a bootstrap administrator (every permission, head office), a token-endpoint rate limit high enough for tests
// that sign in often, and one allowed browser origin on another port, for the browser test (browser-cors.test.ts).
//
// Environment:
//   MAK_DB       Npgsql connection string of a PostgreSQL server (required); its Database= is replaced by a
//                unique mak_ts_* name, which the server creates and migrates. `./mak test` drops leftovers.
//   MAK_API_DLL  the server to run (default: <repo>/src/WebApi/bin/Release/net10.0/MakCrm.WebApi.dll).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The root URL of the live server, e.g. `http://127.0.0.1:40123`. */
    baseUrl: string;
    /** The e-mail (OAuth `username`) of the server's bootstrap administrator. */
    adminEmail: string;
    /** The password of the bootstrap administrator. */
    adminPassword: string;
    /** The base32 TOTP secret of the bootstrap administrator, who signs in with two-factor authentication. */
    adminTotpSecret: string;
    /** The last time step (Unix time / 30) whose code the server took from the administrator: a code is taken once. */
    adminTotpLastStep: number;
    /**
     * The administrator's two-factor session, shared by the test files (a code signs in once, so the files cannot each
     * sign in with one): its access token, without the refresh token, which only one holder could use.
     */
    adminAccessToken: string;
    adminAccessTokenExpiresAt: number;
    adminScope: string;
    /** The access tokens' lifetime (`expires_in`) this server gives: see `accessTokenLifetimeSeconds`. */
    accessTokenLifetimeSeconds: number;
    /** A partner user who signs in with the password alone (partners need no 2FA), for the sign-in mechanics. */
    partnerEmail: string;
    partnerPassword: string;
    /** The server's database (Npgsql connection string), for set-up the API cannot do yet (a charge before the auction exists). */
    databaseConnectionString: string;
    /** The folder the server writes its mails into, one `.eml` file each (its pickup directory). */
    mailDirectory: string;
    /** The folder the server writes its SMS into, one `.txt` file each. */
    smsDirectory: string;
    /**
     * The origin (`http://127.0.0.1:<port>`, a port of its own) that the server lets browsers call it from
     * (Mak__Cors__AllowedOrigins): the browser test serves its page there. Nothing listens on it until then.
     */
    browserPageOrigin: string;
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const defaultDll = join(repoRoot, "src", "WebApi", "bin", "Release", "net10.0", "MakCrm.WebApi.dll");
// Generous: under `./mak test` the server starts while the .NET suites keep both cores busy.
const startupTimeoutMs = 180_000;
const stopTimeoutMs = 10_000;
const keptOutputChars = 64_000;
/** The access tokens' lifetime and the step-up window of this suite's server (see its environment below). */
const accessTokenLifetimeSeconds = 3600;

/** Seconds (under a day) as .NET reads a TimeSpan: `hh:mm:ss`. */
const asTimeSpan = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(11, 19);
const adminEmail = "admin@ts.test";
// At least 10 characters with an upper-case letter, a lower-case letter and a digit (the server's password policy).
const adminPassword = "Ts-Admin-Password-2026";
const partnerPassword = "Ts-Partner-Password-2026";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const connectionString = testConnectionString(process.env["MAK_DB"]);
  const dll = resolve(process.env["MAK_API_DLL"] || defaultDll);
  if (!existsSync(dll)) {
    throw new Error(
      `The server ${dll} does not exist. Build it first (dotnet build MakCrm.sln -c Release) or point MAK_API_DLL at it.`,
    );
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let pagePort = await freePort();
  while (pagePort === port) {
    pagePort = await freePort();
  }
  const browserPageOrigin = `http://127.0.0.1:${pagePort}`;
  const logPath = join(tmpdir(), `${connectionString.database}.log`);
  const mailDirectory = mkdtempSync(join(tmpdir(), `${connectionString.database}-mail-`));
  const smsDirectory = mkdtempSync(join(tmpdir(), `${connectionString.database}-sms-`));
  const log = createWriteStream(logPath);
  let output = "";
  const keep = (chunk: Buffer): void => {
    log.write(chunk);
    output = (output + chunk.toString("utf8")).slice(-keptOutputChars);
  };

  const server = spawn("dotnet", [dll, "--urls", baseUrl], {
    cwd: dirname(dll),
    env: {
      ...process.env,
      MAK_DB: connectionString.value,
      Mak__MigrateOnStartup: "true",
      MAK_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      Mak__Tokens__Issuer: baseUrl,
      Mak__BootstrapAdminEmail: adminEmail,
      Mak__BootstrapAdminPassword: adminPassword,
      // The administrator's session is signed in once, here, and shared by every file; on a slow machine the suite runs
      // longer than an access token's default lifetime (15 minutes) and the step-up window (10 minutes), so this
      // server keeps both for an hour.
      Mak__Tokens__AccessTokenLifetime: asTimeSpan(accessTokenLifetimeSeconds),
      Mak__Tokens__StepUpMaxAge: asTimeSpan(accessTokenLifetimeSeconds),
      Mak__RateLimits__TokenRequestsPerMinute: "1000",
      Mak__RateLimits__SignInsPerUsernamePerMinute: "1000",
      Mak__RateLimits__ApiRequestsPerMinute: "100000",
      Mak__Cors__AllowedOrigins__0: browserPageOrigin,
      // Reminders come within a second, so that the notification tests need not wait the default 15 s.
      Mak__Reminders__PollInterval: "00:00:01",
      // Incidents recorded hours after detection would be reminded of at once, in the middle of other tests.
      Mak__PersonalDataIncidents__RemindersEnabled: "false",
      Mak__Imports__PollInterval: "00:00:00.5",
      // The webhook tests' receivers listen on 127.0.0.1.
      Mak__Webhooks__AllowPrivateTargets: "true",
      // Mails go to this run's pickup folder (no SMTP host), and the outbox is polled often, so that a test waits little.
      Mak__Mail__Host: "",
      Mak__Mail__PickupDirectory: mailDirectory,
      Mak__Sms__Provider: "",
      Mak__Sms__PickupDirectory: smsDirectory,
      Mak__Mail__PollInterval: "00:00:00.2",
      ASPNETCORE_ENVIRONMENT: "Production",
      DOTNET_ENVIRONMENT: "Production",
      DOTNET_NOLOGO: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // If vitest dies without running the teardown, do not leave the server behind.
  const killOnExit = (): void => {
    server.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  server.once("exit", () => process.off("exit", killOnExit));
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const exited = new Promise<string>((resolveExit) => {
    server.once("error", (error) => resolveExit(`could not be started: ${error.message}`));
    server.once("exit", (code, signal) => resolveExit(`exited (code ${code}, signal ${signal})`));
  });

  try {
    await waitUntilReady(baseUrl, exited);
  } catch (error) {
    await stop(server);
    log.end();
    rmSync(mailDirectory, { recursive: true, force: true });
    rmSync(smsDirectory, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The server ${dll} did not become ready at ${baseUrl}/health/ready: ${reason}\n` +
        `Database: ${connectionString.database}. Full log: ${logPath}\n` +
        `----- server output -----\n${output}\n----- end of server output -----`,
    );
  }

  const users = await prepareUsers(baseUrl);
  console.log(`[global-setup] MaK CRM server at ${baseUrl}, database ${connectionString.database}, log ${logPath}`);
  project.provide("baseUrl", baseUrl);
  project.provide("adminEmail", adminEmail);
  project.provide("adminPassword", adminPassword);
  project.provide("adminTotpSecret", users.adminTotpSecret);
  project.provide("adminTotpLastStep", users.adminTotpLastStep);
  project.provide("adminAccessToken", users.adminAccessToken);
  project.provide("adminAccessTokenExpiresAt", users.adminAccessTokenExpiresAt);
  project.provide("adminScope", users.adminScope);
  project.provide("accessTokenLifetimeSeconds", accessTokenLifetimeSeconds);
  project.provide("partnerEmail", users.partnerEmail);
  project.provide("partnerPassword", partnerPassword);
  project.provide("databaseConnectionString", connectionString.value);
  project.provide("mailDirectory", mailDirectory);
  project.provide("smsDirectory", smsDirectory);
  project.provide("browserPageOrigin", browserPageOrigin);

  return async () => {
    await stop(server);
    log.end();
    rmSync(mailDirectory, { recursive: true, force: true });
    rmSync(smsDirectory, { recursive: true, force: true });
  };
}

/** MAK_DB with its Database= replaced by a name no other run uses. */
function testConnectionString(makDb: string | undefined): { value: string; database: string } {
  if (makDb === undefined || makDb.trim() === "") {
    throw new Error(
      "MAK_DB is not set. Set it to an Npgsql connection string of a PostgreSQL server the tests may create " +
        'databases on, e.g. MAK_DB="Host=127.0.0.1;Port=55432;Username=postgres;Database=mak_test" (./mak test does).',
    );
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const database = `mak_ts_${stamp}_${randomBytes(4).toString("hex")}`;
  const parts = makDb
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "" && !/^(database|db)\s*=/i.test(part));
  parts.push(`Database=${database}`);
  return { value: parts.join(";"), database };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close();
        reject(new Error("Could not determine a free port."));
        return;
      }
      probe.close(() => resolvePort(address.port));
    });
  });
}

async function waitUntilReady(baseUrl: string, exited: Promise<string>): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
  });
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exitReason !== undefined) {
      throw new Error(`the process ${exitReason}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) {
        return;
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`timed out after ${startupTimeoutMs / 1000} s (last: ${last})`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) {
    return;
  }
  const exited = new Promise<void>((resolveExit) => server.once("exit", () => resolveExit()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), stopTimeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The admin role requires two-factor authentication, so the bootstrap admin's first sign-in only allows turning it
 * on: through the API, the admin turns 2FA on (codes from oathtool) and keeps it, as in production — the tests sign
 * in as the admin with a code, which also satisfies the step-up that role and API-client changes need. A partner
 * registers and is approved, for the tests of password-only sign-ins.
 */
async function prepareUsers(baseUrl: string): Promise<{
  adminTotpSecret: string;
  adminTotpLastStep: number;
  adminAccessToken: string;
  adminAccessTokenExpiresAt: number;
  adminScope: string;
  partnerEmail: string;
}> {
  const token = async (form: Record<string, string>) => {
    const response = await fetch(`${baseUrl}/connect/token`, { method: "POST", body: new URLSearchParams({ client_id: "mak-cabinet", ...form }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const call = async (accessToken: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
    return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
  };
  // A code is accepted once, and then only a later step's: the sign-in uses the next step's code, which the server's window accepts.
  const totp = (key: string, offsetSteps = 0) =>
    execFileSync("oathtool", ["--totp", "-b", `--now=${new Date(Date.now() + offsetSteps * 30_000).toISOString().replace("T", " ").slice(0, 19)} UTC`, key])
      .toString()
      .trim();

  const first = await token({ grant_type: "password", username: adminEmail, password: adminPassword });
  if (first.status !== 200 || first.body["scope"] !== "") {
    throw new Error(`Expected an enrolment-only token for the bootstrap admin, got ${first.status} ${JSON.stringify(first.body)}`);
  }
  const enrolOnly = first.body["access_token"] as string;
  const key = (await call(enrolOnly, "POST", "/api/v1/account/two-factor/enrolment"))!["sharedKey"] as string;
  await call(enrolOnly, "POST", "/api/v1/account/two-factor/confirmation", { code: totp(key) });

  const challenge = await token({ grant_type: "password", username: adminEmail, password: adminPassword });
  const signInStep = Math.floor(Date.now() / 30_000) + 1;
  const full = await token({ grant_type: "urn:mak:params:oauth:grant-type:mfa-otp", mfa_token: challenge.body["mfa_token"] as string, otp: totp(key, 1) });
  const admin = full.body["access_token"] as string;
  if (full.status !== 200) {
    throw new Error(`The bootstrap admin could not sign in with a code: ${full.status} ${JSON.stringify(full.body)}`);
  }

  const partnerEmail = `ts-partner-${randomBytes(6).toString("hex")}@partner.example`;
  const registration = await fetch(`${baseUrl}/api/v1/registrations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      kind: "partner",
      companyName: "ООО Партнёр Тестов",
      legalForm: "ooo",
      inn: "7707083893",
      city: "Москва",
      contactPhone: "+7 921 555-44-34",
      contactEmail: partnerEmail,
      fullName: "Тестов Пётр",
      password: partnerPassword,
    }),
  });
  if (registration.status !== 201) {
    throw new Error(`Registering the test partner answered ${registration.status}: ${await registration.text()}`);
  }
  const organization = (await registration.json()) as { id: string };
  await call(admin, "POST", `/api/v1/organizations/${organization.id}/approve`);
  return {
    adminTotpSecret: key,
    adminTotpLastStep: signInStep,
    adminAccessToken: admin,
    adminAccessTokenExpiresAt: Date.now() + (full.body["expires_in"] as number) * 1000,
    adminScope: full.body["scope"] as string,
    partnerEmail,
  };
}
