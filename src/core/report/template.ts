/**
 * The templates of the report's "一、基本情况" text, as data (data/report-templates/*.json, schema
 * schemas/report-template.schema.json): one file per section with its text in each language, and one
 * file of the wording the sections share (the 比上年 clauses, the mark of a figure to check).
 *
 * A section's text is literal text with placeholders:
 * - `{unit}` the reporting unit's name (全市 for the city);
 * - `{id}` the figure of indicator `id` with its unit word (934所, 98.23%, 1:14.7, 55.5:44.5);
 * - `{id:n}` the figure without its unit word (934; a rate keeps its %, a ratio its 1:);
 * - `{id:label}` the indicator's label in the draft's language;
 * - `{id:change}` the 比上年 clause ("，比上年增加6所，增长0.64%"), empty without last year's figure;
 * - `[[ … ]]` a part left out when every figure in it is an optional indicator absent that year.
 *
 * Loading checks the schema, then what the schema cannot: every placeholder names an indicator of the
 * catalog, a 比上年 clause is asked only of a figure that can rise or fall (not a ratio or a split),
 * brackets are balanced, and a [[ … ]] part holds only optional figures.
 */
import { isOptional, type Catalog, type Text } from '../model/catalog.ts';
import { DataFileError } from '../data/errors.ts';
import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateReportTemplateFile } from '../schema/report-template-validator.ts';
import type { Lang } from '../i18n/format.ts';

export type FigureForm = 'value' | 'n' | 'label' | 'change';

export type Piece =
  | { t: 'text'; s: string }
  | { t: 'unit' }
  | { t: 'figure'; id: string; form: FigureForm }
  | { t: 'group'; pieces: Piece[] };

export interface SectionTemplate {
  section: string;
  order: number;
  heading: Text;
  text: Record<Lang, Piece[]>;
}

export interface Phrases {
  growthDecimals: number;
  rise: Text;
  fall: Text;
  pctRise: Text;
  pctFall: Text;
  same: Text;
  pointsRise: Text;
  pointsFall: Text;
  toCheck: Text;
  toCheckWith: Text;
  title: Text;
  listTitle: Text;
  notesTitle: Text;
}

/** The sections in order and the shared wording. */
export interface ReportTemplates {
  sections: SectionTemplate[];
  phrases: Phrases;
}

/** A template file as read: its name (for messages) and parsed JSON. */
export interface TemplateFile {
  file: string;
  json: unknown;
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?::(n|label|change))?\}/y;

/**
 * Parses one text into pieces; problems are pushed to `issues` (zh, en) naming the file, the language
 * and the place.
 */
export function parseTemplateText(text: string, catalog: Catalog, where: { file: string; lang: Lang }, issues: Text[]): Piece[] {
  const byId = new Map(catalog.indicators.map((i) => [i.id, i]));
  const at = (i: number) => ({ zh: `${where.file}（${where.lang}）第 ${i + 1} 个字符`, en: `${where.file} (${where.lang}) at character ${i + 1}` });
  const problem = (i: number, zh: string, en: string) => {
    const w = at(i);
    issues.push({ zh: `${w.zh}：${zh}`, en: `${w.en}: ${en}` });
  };
  const root: Piece[] = [];
  let current = root;
  let groupStart = -1;
  let literal = '';
  const flush = () => {
    if (literal) current.push({ t: 'text', s: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('[[', i)) {
      if (groupStart >= 0) problem(i, '可省略部分 [[ … ]] 不能嵌套', 'an optional part [[ … ]] cannot hold another');
      flush();
      groupStart = i;
      const group: Piece[] = [];
      root.push({ t: 'group', pieces: group });
      current = group;
      i += 2;
      continue;
    }
    if (text.startsWith(']]', i)) {
      if (groupStart < 0) problem(i, '多余的 ]]', 'a ]] without its [[');
      else {
        flush();
        const group = current;
        if (!group.some((p) => p.t === 'figure')) problem(groupStart, '可省略部分 [[ … ]] 中没有数', 'an optional part [[ … ]] holds no figure');
        for (const p of group) {
          if (p.t === 'figure' && byId.has(p.id) && !isOptional(byId.get(p.id)!)) {
            problem(groupStart, `可省略部分中的“${p.id}”不是可缺项指标，缺了应标为待核而不是省略`, `"${p.id}" in an optional part is not an optional indicator: when it is missing it must be marked, not left out`);
          }
        }
      }
      current = root;
      groupStart = -1;
      i += 2;
      continue;
    }
    if (text[i] === '{') {
      if (text.startsWith('{unit}', i)) {
        flush();
        current.push({ t: 'unit' });
        i += 6;
        continue;
      }
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(text);
      if (!m) {
        problem(i, '“{”后应为 指标编号、指标编号:n、:label 或 :change，再以“}”结束', 'a "{" must start {id}, {id:n}, {id:label} or {id:change}');
        literal += text[i++];
        continue;
      }
      const [all, id, form] = m;
      const ind = byId.get(id);
      if (!ind) problem(i, `指标“${id}”不在指标目录中`, `indicator "${id}" is not in the catalog`);
      else if (form === 'change' && (ind.kind === 'ratio' || ind.kind === 'split' || ind.kind === 'change' || ind.kind === 'growth')) {
        problem(i, `“${id}”是${ind.kind}类指标，不写比上年增减`, `"${id}" is of kind ${ind.kind}: no change on the year before is written for it`);
      }
      flush();
      current.push({ t: 'figure', id, form: (form as FigureForm | undefined) ?? 'value' });
      i += all.length;
      continue;
    }
    if (text[i] === '}') problem(i, '多余的“}”', 'a "}" without its "{"');
    literal += text[i++];
  }
  if (groupStart >= 0) problem(groupStart, '[[ 没有对应的 ]]', 'a [[ without its ]]');
  flush();
  return root;
}

interface SectionJson {
  kind: 'section';
  section: string;
  order: number;
  heading: Text;
  text: Text;
}
type PhrasesJson = Phrases & { kind: 'phrases' };

/**
 * Checks and reads the template files (any order): exactly one phrases file, one or more sections
 * naming catalog sections, each once. Throws DataFileError listing every problem found.
 */
export function loadReportTemplates(files: readonly TemplateFile[], catalog: Catalog): ReportTemplates {
  const issues: Text[] = [];
  const sections: SectionTemplate[] = [];
  let phrases: Phrases | undefined;
  const sectionIds = new Set(catalog.sections.map((s) => s.id));
  const seen = new Map<string, string>();
  for (const { file, json } of files) {
    if (!validateReportTemplateFile(json)) {
      issues.push(...formatSchemaErrors(validateReportTemplateFile.errors, file));
      continue;
    }
    const x = json as SectionJson | PhrasesJson;
    if (x.kind === 'phrases') {
      if (phrases) issues.push({ zh: `${file}：措辞文件只能有一个`, en: `${file}: there can be only one phrases file` });
      const { kind: _, ...rest } = x;
      phrases = rest;
      continue;
    }
    if (!sectionIds.has(x.section)) issues.push({ zh: `${file} 中 /section：部分“${x.section}”不在指标目录中`, en: `${file} at /section: section "${x.section}" is not in the catalog` });
    const other = seen.get(x.section);
    if (other !== undefined) issues.push({ zh: `${file}：部分“${x.section}”已由 ${other} 写过`, en: `${file}: section "${x.section}" is already written by ${other}` });
    seen.set(x.section, file);
    sections.push({
      section: x.section,
      order: x.order,
      heading: x.heading,
      text: {
        zh: parseTemplateText(x.text.zh, catalog, { file, lang: 'zh' }, issues),
        en: parseTemplateText(x.text.en, catalog, { file, lang: 'en' }, issues),
      },
    });
  }
  if (!phrases) issues.push({ zh: '缺少措辞文件（"kind": "phrases"）', en: 'the phrases file ("kind": "phrases") is missing' });
  if (!sections.length) issues.push({ zh: '没有任何部分的模板', en: 'no section template' });
  if (issues.length) throw new DataFileError(files.map((f) => f.file).join(', ') || 'report-templates', issues);
  sections.sort((a, b) => a.order - b.order);
  return { sections, phrases: phrases! };
}
