#!/usr/bin/env node
// `./mak new-resource Name [--plural Names] [--feature Folder] [--permission prefix] [--tag Tag]`: writes the files of
// a CRUD resource from the templates in tools/scaffold/resource (docs/adding-a-resource.md lists them), adds its
// operations and schemas to api-spec/openapi.yaml and its permissions to Permissions.cs and the default role matrix.
// The resource it makes builds and passes its tests as it is: head office manages it (`<prefix>.manage`), every
// signed-in role reads what is shown to it (`<prefix>.read.own`), head office reads all (`<prefix>.read.all`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const templates = join(root, 'tools', 'scaffold', 'resource');

const fail = (message) => {
  console.error(`new-resource: ${message}`);
  process.exit(1);
};

const usage = 'usage: ./mak new-resource Name [--plural Names] [--feature Folder] [--permission prefix] [--tag Tag]';
const args = process.argv.slice(2);
const name = args.shift();
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) fail(`${usage}\n  Name is a PascalCase singular noun`);
const options = {};
while (args.length > 0) {
  const flag = args.shift();
  const value = args.shift();
  if (!['--plural', '--feature', '--permission', '--tag'].includes(flag) || !value) fail(usage);
  options[flag.slice(2)] = value;
}

const words = (pascal) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
const pascalOf = (snake) => snake.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const plural = options.plural ?? (/[^aeiou]y$/.test(name) ? `${name.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(name) ? `${name}es` : `${name}s`);
const feature = options.feature ?? plural;
const permission = options.permission ?? words(plural).join('_');
if (!/^[a-z][a-z0-9_]*$/.test(permission)) fail('--permission is snake_case, as permissions are spelled');
const title = words(name).join(' ');
const titles = words(plural).join(' ');
const capitalized = (text) => text[0].toUpperCase() + text.slice(1);

const tokens = {
  __Name__: name,
  __Names__: plural,
  __Feature__: feature,
  __Tag__: options.tag ?? feature,
  __route__: words(plural).join('-'),
  __table__: words(plural).join('_'),
  __perm__: permission,
  __Perm__: pascalOf(permission),
  __title__: title,
  __titles__: titles,
  __Title__: capitalized(title),
  __Titles__: capitalized(titles),
};
const render = (template) =>
  Object.entries(tokens).reduce(
    (text, [token, value]) => text.replaceAll(token, value),
    readFileSync(join(templates, template), 'utf8'),
  );

const files = [
  ['Domain.cs.tmpl', `src/Domain/${feature}/${name}.cs`],
  ['Application.cs.tmpl', `src/Application/${feature}/${plural}.cs`],
  ['Port.cs.tmpl', `src/Application/Abstractions/Persistence/I${name}Repository.cs`],
  ['Configuration.cs.tmpl', `src/Infrastructure/Persistence/Configurations/${name}Configuration.cs`],
  ['Repository.cs.tmpl', `src/Infrastructure/Persistence/Repositories/${name}Repository.cs`],
  ['Endpoints.cs.tmpl', `src/WebApi/Endpoints/${name}Endpoints.cs`],
  ['ApiTests.cs.tmpl', `tests/MakCrm.IntegrationTests/${feature}/${plural}ApiTests.cs`],
];
for (const [, path] of files) {
  if (existsSync(join(root, path))) fail(`${path} exists already`);
}

const spec = join(root, 'api-spec', 'openapi.yaml');
let contract = readFileSync(spec, 'utf8');
if (contract.includes(`  /api/v1/${tokens.__route__}:\n`)) fail(`the contract has /api/v1/${tokens.__route__} already`);
const insertBefore = (text, marker, addition) => {
  const at = text.indexOf(marker);
  if (at < 0) fail(`cannot find ${JSON.stringify(marker)}`);
  return text.slice(0, at) + addition + text.slice(at);
};

const permissionsPath = join(root, 'src', 'Domain', 'Access', 'Permissions.cs');
const rolesPath = join(root, 'src', 'Domain', 'Access', 'Roles.cs');
let permissions = readFileSync(permissionsPath, 'utf8');
let roles = readFileSync(rolesPath, 'utf8');
const perm = tokens.__Perm__;
const newPermissions = !permissions.includes(`"${permission}.manage"`);
if (newPermissions) {
  permissions = insertBefore(
    permissions,
    '    public static IReadOnlyList<string> All { get; } =',
    `    // ${tokens.__Titles__}.\n` +
      `    /// <summary>Reading the ${titles} shown to one's role and kind of organization.</summary>\n` +
      `    public const string ${perm}ReadOwn = "${permission}.read.own";\n\n` +
      `    /// <summary>Reading every ${title} (head office).</summary>\n` +
      `    public const string ${perm}ReadAll = "${permission}.read.all";\n\n` +
      `    /// <summary>Adding, changing and deleting ${titles} (head office).</summary>\n` +
      `    public const string ${perm}Manage = "${permission}.manage";\n\n`,
  );
  const listEnd = permissions.indexOf('\n    ];', permissions.indexOf('IReadOnlyList<string> All { get; }'));
  permissions =
    permissions.slice(0, listEnd) +
    `\n        ${perm}ReadOwn,\n        ${perm}ReadAll,\n        ${perm}Manage,` +
    permissions.slice(listEnd);
  // The admin holds every permission; head office's employee reads all, every other role what is shown to it.
  for (const [role, held] of [['Employee', 'ReadAll'], ['Partner', 'ReadOwn'], ['Franchisee', 'ReadOwn'], ['Guest', 'ReadOwn']]) {
    const start = roles.indexOf(`[${role}] =`);
    const end = roles.indexOf('\n            ],', start);
    if (start < 0 || end < 0) fail(`cannot find the ${role} role in Roles.cs`);
    roles = roles.slice(0, end) + `\n                Permissions.${perm}${held},` + roles.slice(end);
  }
}

contract = insertBefore(contract, '\npaths:\n', '\n' + render('openapi.tags.yaml.tmpl').trimEnd());
contract = insertBefore(contract, '\ncomponents:\n', '\n' + render('openapi.paths.yaml.tmpl').trimEnd());
contract = contract.trimEnd() + '\n' + render('openapi.schemas.yaml.tmpl');

for (const [template, path] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), render(template));
  console.log(`  wrote   ${path}`);
}
// The names put into the templates make some lines longer than 120 characters: CSharpier lays them out again.
spawnSync('dotnet', ['tool', 'restore'], { cwd: root, stdio: 'ignore' });
const formatted = spawnSync('dotnet', ['csharpier', 'format', ...files.map(([, path]) => path)], { cwd: root });
if (formatted.status !== 0) console.error('  (dotnet csharpier did not run: format the new files before committing)');
writeFileSync(spec, contract);
console.log('  edited  api-spec/openapi.yaml (tag, paths, schemas)');
if (newPermissions) {
  writeFileSync(permissionsPath, permissions);
  writeFileSync(rolesPath, roles);
  console.log('  edited  src/Domain/Access/Permissions.cs, src/Domain/Access/Roles.cs');
}
console.log(`
Next (docs/adding-a-resource.md):
  1. Shape the resource: its fields in the contract, the entity, the commands, the configuration.
  2. ./mak generate, then ./mak migration-add Add${plural}.
  3. Add its operations to tests/MakCrm.IntegrationTests/Auth/AccessMatrixTests.cs and create${name} to
     tests/MakCrm.IntegrationTests/Idempotency/IdempotencyKeyTests.cs (both fail until you do).
  4. Use it through both clients' tests, and give it a short README section.`);
