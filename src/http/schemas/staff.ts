import Type from 'typebox';

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
export const ConversationParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 300 }) });
export const ListQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('waiting'), Type.Literal('assigned'), Type.Literal('closed'), Type.Literal('bot')])) },
  { additionalProperties: false },
);
export const TextBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const TransferBody = Type.Object(
  { team: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()])), staffId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])) },
  { additionalProperties: false },
);
export const KbQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 500 }), lang: Type.Union([Type.Literal('cs'), Type.Literal('en'), Type.Literal('uk'), Type.Literal('ru'), Type.Literal('vi')]) },
  { additionalProperties: false },
);
