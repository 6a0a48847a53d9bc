/**
 * The draft as .docx: a zip of the three parts Word needs, the text in word/document.xml paragraph by
 * paragraph, marked figures highlighted, and whatever a user typed (markup, control characters) escaped
 * or left out so the XML stays well-formed.
 */
import { describe, expect, it } from 'vitest';
import { checkZip, unzip } from '../../../src/core/import/zip-check.ts';
import { documentXml, draftDocx, xmlText } from '../../../src/core/io/docx.ts';
import { draftText, paragraphText } from '../../../src/core/report/index.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { baseline, draftOf, TEMPLATES } from '../report/helpers.ts';

/** The text of each <w:p>, <w:t> contents joined and unescaped. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((p) =>
    [...p[1].matchAll(/<w:t xml:space="preserve">(.*?)<\/w:t>/g)].map((t) => t[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).join(''),
  );
}

describe('draftDocx', () => {
  it('is a zip of [Content_Types].xml, _rels/.rels and word/document.xml, whose parts check out (CRC, sizes)', async () => {
    const bytes = draftDocx(draftOf(baseline(), '2019'), TEMPLATES);
    const zip = checkZip(bytes);
    if (!zip.ok) throw new Error(zip.reason);
    expect(zip.names).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    const files = await unzip(bytes, zip.entries);
    if (!files.ok) throw new Error(files.reason);
    const types = new TextDecoder().decode(files.files.get('[Content_Types].xml'));
    expect(types).toContain('PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
    expect(new TextDecoder().decode(files.files.get('_rels/.rels'))).toContain('Target="word/document.xml"');
  });

  it('holds the draft paragraph by paragraph, then the list of figures to check', () => {
    const wb = baseline();
    const ind = wb.index.indicator('schools_primary');
    wb.apply([{ key: 'schools_primary@2019', after: parseValue('155', ind, wb.index.unitOf(ind)) }]);
    const d = draftOf(wb, '2019');
    const xml = documentXml(d, TEMPLATES);
    expect(paragraphsOf(xml)).toEqual(draftText(d, TEMPLATES).trim().split(/\n+/));
    expect(paragraphsOf(xml)[1]).toBe(paragraphText(d.paragraphs[0]));
    expect(xml.match(/<w:highlight w:val="yellow"\/>/g)).toHaveLength(d.paragraphs.flatMap((p) => p.runs).filter((r) => r.flag !== undefined).length);
  });

  it('escapes markup and leaves out characters XML cannot hold', () => {
    expect(xmlText('a<b>&"c"\u0001\u000b\td')).toBe('a&lt;b&gt;&amp;&quot;c&quot;\td');
    const wb = baseline();
    const ind = wb.index.indicator('ger_junior');
    wb.apply([{ key: 'ger_junior@2019', after: parseValue('<b>115\u0002</b>', ind, wb.index.unitOf(ind)) }]);
    const xml = documentXml(draftOf(wb, '2019'), TEMPLATES);
    expect(xml).toContain('【待核：“&lt;b&gt;115&lt;/b&gt;”】');
    expect([...xml].some((c) => c.charCodeAt(0) < 9)).toBe(false);
  });
});
