/**
 * Templates as data: the bundled files pass the published schema (compiled at run time here, and the
 * build-time validator agrees), and every kind of broken template is refused with a message naming the
 * file, the language, the place and what was expected.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { DataFileError } from '../../../src/core/data/errors.ts';
import { createAjv } from '../../../src/core/schema/compile.ts';
import { validateReportTemplateFile } from '../../../src/core/schema/report-template-validator.ts';
import { BUNDLED_TEMPLATE_FILES, loadReportTemplates, parseTemplateText, templateIndicators, type TemplateFile } from '../../../src/core/report/index.ts';

const DIR = new URL('../../../data/report-templates/', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('../../../schemas/report-template.schema.json', import.meta.url), 'utf8')) as object;
const phrases = BUNDLED_TEMPLATE_FILES[0];
const section = (text: string, en = 'x {schools_total:n}', extra: object = {}): TemplateFile => ({
  file: 'bad.json',
  json: { kind: 'section', section: 'scale', order: 1, heading: { zh: '（一）', en: '(1) ' }, text: { zh: text, en }, ...extra },
});

function issuesOf(files: TemplateFile[]): string[] {
  try {
    loadReportTemplates(files, CATALOG);
  } catch (e) {
    if (e instanceof DataFileError) return e.issues.map((i) => `${i.zh} | ${i.en}`);
    throw e;
  }
  return [];
}

describe('the bundled templates', () => {
  it('every file in data/report-templates is bundled, and passes the schema compiled now and at build time', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(BUNDLED_TEMPLATE_FILES.map((f) => f.file.replace('data/report-templates/', '')).sort()).toEqual(files);
    const validate = createAjv().compile(schema);
    for (const f of files) {
      const json = JSON.parse(readFileSync(new URL(f, DIR), 'utf8'));
      expect(validate(json), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validateReportTemplateFile(json)).toBe(true);
    }
  });

  it('load into three sections in the report’s order', () => {
    const t = loadReportTemplates(BUNDLED_TEMPLATE_FILES, CATALOG);
    expect(t.sections.map((s) => s.section)).toEqual(['scale', 'participation', 'teachers']);
  });
});

describe('a broken template is refused, naming the place', () => {
  it.each([
    ['an unknown indicator', section('学校{schools_totl}'), 'bad.json（zh）第 3 个字符：指标“schools_totl”不在指标目录中'],
    ['a change clause of a ratio', section('{ptr_primary:change}'), '“ptr_primary”是ratio类指标，不写比上年增减'],
    ['an unknown form', section('{schools_total:pct}'), '“{”后应为'],
    ['a stray brace', section('学校}'), '多余的“}”'],
    ['an unclosed optional part', section('[[{schools_technical}'), '[[ 没有对应的 ]]'],
    ['a stray ]]', section('x]]'), '多余的 ]]'],
    ['nested optional parts', section('[[a[[{schools_technical}]]]]'), '不能嵌套'],
    ['an optional part without a figure', section('[[（注）]]'), '中没有数'],
    ['a required figure in an optional part', section('[[{schools_primary}]]'), '“schools_primary”不是可缺项指标'],
    ['a section the catalog lacks', section('{schools_total}', 'x', { section: 'sport' }), '部分“sport”不在指标目录中'],
    ['a missing heading (schema)', { file: 'bad.json', json: { kind: 'section', section: 'scale', order: 1, text: { zh: 'a', en: 'b' } } }, 'bad.json 中 /：缺少必填字段“heading”'],
  ])('%s', (_name, file, message) => {
    const issues = issuesOf([phrases, file]);
    expect(issues.join('\n')).toContain(message);
  });

  it('a section written twice, and no phrases file', () => {
    expect(issuesOf([phrases, section('{schools_total}'), section('{schools_total}')]).join('\n')).toContain('已由 bad.json 写过');
    expect(issuesOf([section('{schools_total}')]).join('\n')).toContain('缺少措辞文件');
  });

  it('English messages too', () => {
    expect(issuesOf([phrases, section('{nope}')]).join('\n')).toContain('bad.json (zh) at character 1: indicator "nope" is not in the catalog');
  });
});

describe('parseTemplateText', () => {
  it('reads placeholders, the unit and optional parts into pieces', () => {
    const issues: never[] = [];
    expect(parseTemplateText('{unit}有{schools_total}（{schools_total:label}）[[、{schools_technical:n}]]{students_total:change}。', CATALOG, { file: 'f', lang: 'zh' }, issues)).toEqual([
      { t: 'unit' },
      { t: 'text', s: '有' },
      { t: 'figure', id: 'schools_total', form: 'value' },
      { t: 'text', s: '（' },
      { t: 'figure', id: 'schools_total', form: 'label' },
      { t: 'text', s: '）' },
      { t: 'group', pieces: [{ t: 'text', s: '、' }, { t: 'figure', id: 'schools_technical', form: 'n' }] },
      { t: 'figure', id: 'students_total', form: 'change' },
      { t: 'text', s: '。' },
    ]);
    expect(issues).toEqual([]);
  });
});

describe('what the templates write', () => {
  it('every indicator of the three 基本情况 sections, optional categories included, in both languages', () => {
    const t = loadReportTemplates(BUNDLED_TEMPLATE_FILES, CATALOG);
    const inSections = CATALOG.indicators.filter((i) => ['scale', 'participation', 'teachers'].includes(i.section)).map((i) => i.id);
    expect([...templateIndicators(t)].sort()).toEqual(inSections.sort());
    for (const lang of ['zh', 'en'] as const) {
      const one = { ...t, sections: t.sections.map((s) => ({ ...s, text: { zh: s.text[lang], en: s.text[lang] } })) };
      expect([...templateIndicators(one)].sort()).toEqual(inSections.sort());
    }
  });
});
