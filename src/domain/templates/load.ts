import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { TemplateFrontmatterSchema, type Template } from './schema';
import { analyseBody } from './variables';
import { issuePath, libraryRoots } from '../library-files';

/** One thing wrong with one template file: reported at start-up (and the file skipped), failed in `npm test`. */
export interface TemplateProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

export interface LoadedTemplates {
  readonly templates: Template[];
  readonly problems: TemplateProblem[];
}

/** The library shipped with PartnerOS. */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Built-in first, then the company's folder (`templates.folder`, relative to partneros.yml). */
export function templateRoots(configPath: string, folder: string | undefined): string[] {
  return libraryRoots(BUILTIN_TEMPLATES_DIR, configPath, folder);
}

const FILE_NAME = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Markdown files one level below each category folder: `templates/<category>/NN-slug.md`. */
function templateFiles(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries.sort().flatMap((dir) => {
    const path = join(root, dir);
    if (!statSync(path).isDirectory()) return [];
    return readdirSync(path)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => join(path, f));
  });
}

/** Parses and checks one file on its own (the library-wide checks come after). */
export function parseTemplateFile(
  file: string,
  source: string,
  shownAs = file,
): { template?: Template; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file: shownAs, field, message });
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An options object turns off gray-matter's cache, which shares `data` between identical sources.
    parsed = matter(source, {});
  } catch (e) {
    problem('(frontmatter)', `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return { problems };
  }
  const result = TemplateFrontmatterSchema.safeParse(parsed.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problem(
        issuePath(issue, '(frontmatter)'),
        issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message,
      );
    }
    return { problems };
  }
  const fm = result.data;
  const [category, slug] = fm.id.split('/') as [string, string];
  const name = FILE_NAME.exec(basename(file));
  if (category !== fm.category) problem('id', `starts with "${category}/" but category is ${fm.category}`);
  if (basename(dirname(file)) !== fm.category)
    problem('category', `is ${fm.category} but the file is in the folder "${basename(dirname(file))}"`);
  if (!name) problem('(file name)', 'must be NN-slug.md, e.g. 01-email-sequence.md');
  else {
    if (Number(name[1]) !== fm.number) problem('number', `is ${fm.number} but the file name starts with ${name[1]}`);
    if (name[2] !== slug) problem('id', `ends with "${slug}" but the file is named ${name[2]}`);
  }
  const body = parsed.content.trim();
  if (!body) problem('(body)', 'the document is empty');
  const analysis = analyseBody(body);
  for (const message of analysis.problems) problem('(body)', message);
  const declared = new Set(fm.variables.map((v) => v.name));
  for (const used of analysis.used)
    if (!declared.has(used)) problem('variables', `${used} is used in the body but not declared`);
  for (const name of declared)
    if (!analysis.used.has(name)) problem('variables', `${name} is declared but the body never uses it`);
  if (problems.length) return { problems };
  return { template: { ...fm, body, file: shownAs }, problems };
}

/**
 * Reads every template under the given folders (built-in first, then the company's), checks each file and the
 * library as a whole (unique ids, numbers unique within a category, related ids that exist). A bad file is
 * reported and left out; it never stops the rest from loading.
 */
export function loadTemplates(roots: readonly string[], base = process.cwd()): LoadedTemplates {
  const problems: TemplateProblem[] = [];
  const byId = new Map<string, Template>();
  const numbers = new Map<string, string>();
  for (const root of roots) {
    for (const file of templateFiles(root)) {
      const shown = relative(base, file) || file;
      const { template, problems: found } = parseTemplateFile(file, readFileSync(file, 'utf8'), shown);
      problems.push(...found);
      if (!template) continue;
      const twin = byId.get(template.id);
      const numberKey = `${template.category}/${template.number}`;
      if (twin) problems.push({ file: shown, field: 'id', message: `${template.id} is already used by ${twin.file}` });
      else if (numbers.has(numberKey))
        problems.push({
          file: shown,
          field: 'number',
          message: `${template.number} is already used in ${template.category} by ${numbers.get(numberKey)}`,
        });
      else {
        byId.set(template.id, template);
        numbers.set(numberKey, shown);
      }
    }
  }
  for (const t of byId.values()) {
    const unknown = t.related.filter((id) => !byId.has(id));
    if (unknown.length)
      problems.push({
        file: t.file,
        field: 'related',
        message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a template id' : 'are not template ids'}`,
      });
  }
  const templates = [...byId.values()].sort((a, b) => a.category.localeCompare(b.category) || a.number - b.number);
  return { templates, problems };
}
