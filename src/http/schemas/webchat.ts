import Type from 'typebox';

export const VisitorId = Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' });
export const LangSchema = Type.Union([Type.Literal('cs'), Type.Literal('en'), Type.Literal('uk'), Type.Literal('ru'), Type.Literal('vi')]);
const FeedbackValue = Type.Union([Type.Literal('helpful'), Type.Literal('unhelpful')]);

const ChoiceOption = Type.Object({ label: Type.String(), value: Type.String() });
export const ContentSchema = Type.Union([
  Type.Object({ type: Type.Literal('text'), text: Type.String() }),
  Type.Object({ type: Type.Literal('choice'), text: Type.String(), options: Type.Array(ChoiceOption) }),
  Type.Object({ type: Type.Literal('postback'), value: Type.String() }),
]);

export const PostMessageBody = Type.Object(
  {
    visitor: VisitorId,
    /** The browser's own id of this message, so that a retried send is handled once. */
    id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
    text: Type.Optional(Type.String({ maxLength: 20000 })),
    postback: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    lang: Type.Optional(LangSchema),
  },
  { additionalProperties: false },
);

export const PostMessageReply = Type.Object({
  conversationId: Type.String(),
  duplicate: Type.Boolean(),
  replies: Type.Array(ContentSchema),
});

export const HistoryQuery = Type.Object({ visitor: VisitorId }, { additionalProperties: false });

export const HistoryReply = Type.Object({
  lang: Type.Union([LangSchema, Type.Null()]),
  status: Type.String(),
  messages: Type.Array(
    Type.Object({
      id: Type.String(),
      role: Type.String(),
      /** A button press reads as the button's label. */
      text: Type.String(),
      at: Type.String(),
      lang: Type.Union([LangSchema, Type.Null()]),
      /** A knowledge-base answer, which the visitor may rate. */
      answer: Type.Boolean(),
      feedback: Type.Union([FeedbackValue, Type.Null()]),
    }),
  ),
  /** The buttons of the question the bot waits on, so that they survive a reload. */
  choices: Type.Union([Type.Array(ChoiceOption), Type.Null()]),
});

export const FeedbackBody = Type.Object(
  { visitor: VisitorId, message: Type.String({ minLength: 1, maxLength: 64 }), value: FeedbackValue },
  { additionalProperties: false },
);
