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

if (app.logger.hasErrors() || app.logger.hasWarnings() || withoutText.length > 0) {
  console.error(`docs:api: failed (${withoutText.length} exports without a description; typedoc warnings above)`);
  process.exit(1);
}
await app.generateDocs(project, app.options.getValue('out'));
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log(
  `docs:api: reference of ${project.getChildrenByKind(ReflectionKind.Module).length} entry points in ${app.options.getValue('out')}/`,
);
