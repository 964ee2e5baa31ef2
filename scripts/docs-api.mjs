// The API reference: typedoc over every package's public entry points (typedoc.json),
// written to docs-api/ (not committed). Fails on any typedoc warning (an undocumented
// export, a link to a name outside the reference, a type that is used but not exported)
// and on an export of an entry point whose doc comment has no text of its own (only
// tags such as @since), which typedoc counts as documented.
import { Application, ReflectionKind } from 'typedoc';

const app = await Application.bootstrapWithPlugins({});
const project = await app.convert();
if (project === undefined) {
  console.error('docs:api: typedoc could not convert the sources');
  process.exit(1);
}
app.validate(project);

const withoutText = [];
for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
  for (const child of module.children ?? []) {
    // A function's text sits on its signatures, a variable's or class's on itself.
    const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)].filter(Boolean);
    const hasText = comments.some((c) => c.summary.some((part) => part.text.trim() !== ''));
    if (!hasText) withoutText.push(`${module.name}: ${child.name} (${ReflectionKind.singularString(child.kind)})`);
  }
}
for (const line of withoutText) console.error(`docs:api: no description, only tags: ${line}`);

// typedoc's notExported check skips symbols of packages other than the root one (it
// takes them for third-party code), so ours are checked here: a type of a
// @license-ledger package that a documented signature uses but no entry point exports.
const notExported = new Set();
const findUnexported = (node, owner) => {
  if (Array.isArray(node)) {
    for (const item of node) findUnexported(item, owner);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const here = typeof node.name === 'string' && typeof node.id === 'number' ? node.name : owner;
  if (node.type === 'query') return; // `typeof x`: a value's type, shown as written
  if (
    node.type === 'reference' &&
    node.refersToTypeParameter !== true &&
    typeof node.target === 'object' &&
    typeof node.package === 'string' &&
    node.package.startsWith('@license-ledger/')
  )
    notExported.add(`${node.package}: ${node.qualifiedName ?? node.name} (used by ${owner})`);
  for (const value of Object.values(node)) findUnexported(value, here);
};
findUnexported(app.serializer.projectToObject(project, process.cwd()), project.name);
for (const line of notExported) console.error(`docs:api: used by the API but not exported: ${line}`);

if (app.logger.hasErrors() || app.logger.hasWarnings() || withoutText.length > 0 || notExported.size > 0) {
  console.error(
    `docs:api: failed (${withoutText.length} exports without a description, ${notExported.size} types used but not exported; typedoc warnings above)`,
  );
  process.exit(1);
}
await app.generateDocs(project, app.options.getValue('out'));
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log(
  `docs:api: reference of ${project.getChildrenByKind(ReflectionKind.Module).length} entry points in ${app.options.getValue('out')}/`,
);
