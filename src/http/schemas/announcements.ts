import Type from 'typebox';

const Text = Type.String({ maxLength: 3000 });
export const Texts = Type.Object(
  { cs: Type.Optional(Text), en: Type.Optional(Text), uk: Type.Optional(Text), ru: Type.Optional(Text), vi: Type.Optional(Text) },
  { additionalProperties: false },
);
const Topics = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }), { maxItems: 20 });

export const DraftBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), texts: Texts, topics: Topics }, { additionalProperties: false });
export const PreviewBody = Type.Object({ texts: Texts, topics: Topics }, { additionalProperties: false });
export const AnnouncementParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
/** An ISO 8601 time with its offset (the page sends UTC), e.g. 2026-12-01T09:00:00.000Z. */
export const ScheduleBody = Type.Object({ at: Type.String({ minLength: 10, maxLength: 40 }) }, { additionalProperties: false });
