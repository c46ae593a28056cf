import Type from 'typebox';
import Value from 'typebox/value';
import type { KbEntry } from '../core/knowledge.js';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const TranslationSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    questions: Type.Array(Type.String({ minLength: 2, maxLength: 500 }), { minItems: 1 }),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 80 })),
    answer: Type.String({ minLength: 20, maxLength: 3000 }),
    basedOn: Type.Optional(Type.String({ pattern: '^[0-9a-f]{8,64}$' })),
  },
  { additionalProperties: false },
);

export const EntrySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z]+(\\.[a-z0-9-]+)+$' }),
    topic: Type.String({ pattern: '^[a-z]+$' }),
    escalate: Type.Boolean(),
    reviewed: Type.String({ pattern: DATE }),
    validUntil: Type.Union([Type.String({ pattern: DATE }), Type.Null()]),
    sources: Type.Array(Type.Object({ url: Type.String({ minLength: 8 }), title: Type.String({ minLength: 1 }) }, { additionalProperties: false }), {
      minItems: 1,
    }),
    translations: Type.Object(
      {
        cs: Type.Optional(TranslationSchema),
        en: Type.Optional(TranslationSchema),
        uk: Type.Optional(TranslationSchema),
        ru: Type.Optional(TranslationSchema),
        vi: Type.Optional(TranslationSchema),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** YAML turns an unquoted 2026-11-26 into a Date; entries keep dates as strings. */
export function normalizeDates(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = { ...(raw as Record<string, unknown>) };
    for (const k of ['reviewed', 'validUntil']) {
      const v = o[k];
      if (v instanceof Date) o[k] = v.toISOString().slice(0, 10);
      if (v === undefined && k === 'validUntil') o[k] = null;
    }
    return o;
  }
  return raw;
}

/** Schema problems as readable lines ("translations/uk/answer: must not have fewer than 20 characters"). */
export function schemaProblems(value: unknown): string[] {
  if (Value.Check(EntrySchema, value)) return [];
  return [...Value.Errors(EntrySchema, value)]
    .filter((e) => e.keyword !== 'boolean')
    .map((e) => `${e.instancePath.replace(/^\//, '') || '(entry)'}: ${e.message}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`);
}

export function isEntry(value: unknown): value is KbEntry {
  return Value.Check(EntrySchema, value);
}
