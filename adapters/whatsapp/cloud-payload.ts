/**
 * The parts of a WhatsApp Cloud API webhook this adapter reads, parsed defensively: Meta adds
 * fields and types over time, and a payload we do not understand must be skipped, never crash.
 */
export interface CloudMessage {
  id: string;
  from: string;
  /** Unix seconds, as a string. */
  timestamp: string | null;
  type: string;
  text: string | null;
  /** The id of a reply button or list row the user chose. */
  choice: string | null;
  /** A template's quick-reply button: its text. */
  buttonText: string | null;
  /** A reaction's emoji; empty when it was taken back. */
  emoji: string | null;
}

export interface CloudStatus {
  id: string;
  status: string;
  recipient: string;
  timestamp: string | null;
  error: { code: number; title: string } | null;
}

export interface CloudChange {
  phoneNumberId: string | null;
  messages: CloudMessage[];
  statuses: CloudStatus[];
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | null => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Obj) : null);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);

function message(x: unknown): CloudMessage | null {
  const m = obj(x);
  const id = str(m?.id);
  const from = str(m?.from);
  const type = str(m?.type);
  if (!m || !id || !from || !type) return null;
  const interactive = obj(m.interactive);
  const choice = str(obj(interactive?.button_reply)?.id) ?? str(obj(interactive?.list_reply)?.id);
  return {
    id,
    from,
    timestamp: str(m.timestamp),
    type,
    text: str(obj(m.text)?.body),
    choice,
    buttonText: str(obj(m.button)?.text) ?? str(obj(m.button)?.payload),
    emoji: str(obj(m.reaction)?.emoji),
  };
}

function status(x: unknown): CloudStatus | null {
  const s = obj(x);
  const id = str(s?.id);
  const st = str(s?.status);
  const recipient = str(s?.recipient_id);
  if (!s || !id || !st || !recipient) return null;
  const e = obj(arr(s.errors)[0]);
  const code = typeof e?.code === 'number' ? e.code : null;
  return { id, status: st, recipient, timestamp: str(s.timestamp), error: code === null ? null : { code, title: str(e?.title) ?? str(e?.message) ?? 'unknown error' } };
}

export function parseWebhook(body: unknown): CloudChange[] {
  const changes: CloudChange[] = [];
  for (const entry of arr(obj(body)?.entry)) {
    for (const ch of arr(obj(entry)?.changes)) {
      const c = obj(ch);
      const value = obj(c?.value);
      if (!c || !value || c.field !== 'messages') continue;
      changes.push({
        phoneNumberId: str(obj(value.metadata)?.phone_number_id),
        messages: arr(value.messages).map(message).filter((m): m is CloudMessage => m !== null),
        statuses: arr(value.statuses).map(status).filter((s): s is CloudStatus => s !== null),
      });
    }
  }
  return changes;
}
