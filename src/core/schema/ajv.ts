import type { ErrorObject } from 'ajv';
import type { Text } from '../model/catalog.ts';

const KEYWORD_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段“${String(p.missingProperty)}”`,
  additionalProperties: (p) => `不允许的字段“${String(p.additionalProperty)}”`,
  type: (p) => `类型应为 ${String(p.type)}`,
  enum: (p) => `取值应为以下之一：${(p.allowedValues as unknown[]).map(String).join('、')}`,
  const: (p) => `取值应为 ${JSON.stringify(p.allowedValue)}`,
  pattern: (p) => `格式不符，应匹配 ${String(p.pattern)}`,
  minimum: (p) => `应不小于 ${String(p.limit)}`,
  maximum: (p) => `应不大于 ${String(p.limit)}`,
  minLength: (p) => `长度应不少于 ${String(p.limit)}`,
  maxLength: (p) => `长度应不超过 ${String(p.limit)}`,
  minItems: (p) => `至少应有 ${String(p.limit)} 项`,
  uniqueItems: (p) => `第 ${String(p.j)} 项与第 ${String(p.i)} 项重复`,
  format: (p) => `格式应为 ${String(p.format)}`,
  multipleOf: (p) => `应为 ${String(p.multipleOf)} 的整数倍`,
};

/** Turns ajv errors into messages naming the file and the JSON path, in Chinese and English. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined, file = '(数据)'): Text[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const zh = KEYWORD_ZH[e.keyword]?.(e.params as Record<string, unknown>) ?? e.message ?? e.keyword;
    return {
      zh: `${file} 中 ${where}：${zh}`,
      en: `${file} at ${where}: ${e.message ?? e.keyword}`,
    };
  });
}
