import Type from 'typebox';

const Lang = Type.Union([Type.Literal('cs'), Type.Literal('en'), Type.Literal('uk'), Type.Literal('ru'), Type.Literal('vi')]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Keys = Type.Array(Type.String({ pattern: '^[0-9a-f]{16}$' }), { minItems: 1, maxItems: 500 });

export const EntryParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 120, pattern: '^[a-z0-9.-]+$' }) });
export const RevisionParams = Type.Object({ rid: Type.String({ minLength: 1, maxLength: 100 }) });
export const EntriesQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/** The entry itself is checked against the knowledge base's own schema in the handler, so that every problem can be listed. */
export const SaveBody = Type.Object(
  {
    entry: Type.Unknown(),
    /** The revision the editor started from (0: the shipped file). */
    expectedLatest: Type.Integer({ minimum: 0 }),
    /** Languages the editor checked against the current Czech text. */
    stamp: Type.Optional(Type.Array(Lang, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export const CreateBody = Type.Object(
  { entry: Type.Unknown(), stamp: Type.Optional(Type.Array(Lang, { maxItems: 5 })), resolve: Type.Optional(Keys) },
  { additionalProperties: false },
);
export const RemoveBody = Type.Object({ expectedLatest: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export const RollbackBody = Type.Object({ target: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const PreviewBody = Type.Object({ text: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false });
export const TryBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }), lang: Type.Optional(Lang) }, { additionalProperties: false });
export const VariantBody = Type.Object(
  { keys: Keys, entry: Type.String({ minLength: 3, maxLength: 120 }), lang: Lang, question: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export const DismissBody = Type.Object({ keys: Keys }, { additionalProperties: false });
export const RangeQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
