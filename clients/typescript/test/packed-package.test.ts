// The package as a developer outside this repository gets it: `npm pack` (prepack checks the version against the
// contract and builds), a new project in a temporary folder that installs the tarball (offline: the package has no
// dependencies), compiles a short program against its type declarations with no DOM lib, and runs it against the
// live test server as a lead platform: client credentials, create and list leads, page with the iterator, a typed error.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { baseUrl, newApi } from "./helpers.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "mak-ts-outside-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = `import { ApiException, MakCrmClient, contractVersion, type Lead, type ProblemCode } from "@mak-crm/client";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(name + " is not set");
  return value;
};
const baseUrl = env("MAK_BASE_URL");

const anonymous = new MakCrmClient(baseUrl);
const token = (await anonymous.requestToken({
  grant_type: "client_credentials",
  client_id: env("MAK_CLIENT_ID"),
  client_secret: env("MAK_CLIENT_SECRET"),
})).result;
const api = new MakCrmClient(baseUrl, {
  fetch: (url: string, init?: RequestInit) =>
    fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), Authorization: "Bearer " + token.access_token } }),
});

const phone = "+7999" + String(Math.floor(1_000_000 + Math.random() * 8_999_999));
const client = (await api.createClient({ fullName: "Внешний Проект Тестович", phone, source: "partner" })).result;
const created: string[] = [];
for (const amount of [100_000, 200_000, 300_000]) {
  created.push((await api.createLead({ clientId: client.id, requestedAmount: amount, product: "consumer" })).result.id);
}
const firstPage = (await api.listLeads({ clientId: client.id, limit: 2 })).result;
const paged: Lead[] = [];
for await (const lead of api.paginate((cursor) => api.listLeads({ clientId: client.id, limit: 2, cursor }))) {
  paged.push(lead);
}

let code: ProblemCode | undefined;
let message = "";
try {
  await api.getLead("0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11");
} catch (error) {
  if (!(error instanceof ApiException)) throw error;
  code = error.code;
  message = error.message;
}
console.log(JSON.stringify({ contractVersion, created, firstPageSize: firstPage.items.length, hasNext: firstPage.nextCursor !== null, paged: paged.map((lead) => lead.id), code, message }));
`;

describe("the packed package, used from a project outside this repository", () => {
  it("installs from its tarball, compiles without the DOM lib and runs a lead platform's scenario", async () => {
    const packed = join(work, "packed");
    mkdirSync(packed);
    execFileSync(npm, ["pack", "--pack-destination", packed, "--loglevel=error"], { cwd: packageDir, encoding: "utf8", stdio: "pipe" });
    const tarball = readdirSync(packed).find((name) => name.endsWith(".tgz"));
    expect(tarball, "npm pack made no tarball").toBeDefined();

    const project = join(work, "project");
    mkdirSync(join(project, "src"), { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "outside-project", private: true, type: "module", dependencies: { "@mak-crm/client": `file:${join(packed, tarball!)}` } }, null, 2),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022"],
          types: ["node"],
          // @types/node of this package's own devDependencies, so the outside project needs nothing from a registry.
          typeRoots: [join(packageDir, "node_modules", "@types")],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          // The strictest settings a cabinet may use: an optional property takes `undefined` only where it says so.
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          outDir: "dist",
          rootDir: "src",
        },
        include: ["src"],
      }, null, 2),
    );
    writeFileSync(join(project, "src", "main.ts"), program);
    execFileSync(npm, ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, encoding: "utf8", stdio: "pipe" });

    const tsc = join(packageDir, "node_modules", "typescript", "bin", "tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      expect.fail(`the outside project does not compile:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }

    const api = newApi();
    const me = (await api.getMe()).result;
    const registered = (await api.registerApiClient({
      name: "Внешний проект",
      organizationId: me.organization.id,
      scopes: ["clients.read.own", "clients.write", "leads.read.own", "leads.write"],
    })).result;
    const output = execFileSync(process.execPath, [join(project, "dist", "main.js")], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, MAK_BASE_URL: baseUrl, MAK_CLIENT_ID: registered.client.clientId, MAK_CLIENT_SECRET: registered.clientSecret },
    });
    const result = JSON.parse(output.trim().split("\n").at(-1)!) as {
      contractVersion: string;
      created: string[];
      firstPageSize: number;
      hasNext: boolean;
      paged: string[];
      code: string;
      message: string;
    };
    expect(result.firstPageSize).toBe(2);
    expect(result.hasNext).toBe(true);
    expect([...result.paged].sort()).toEqual([...result.created].sort());
    expect(result.code).toBe("not_found");
    expect(result.message).toMatch(/^404 not_found \(getLead, trace [0-9a-f]+\): /);
  }, 240_000);
});
