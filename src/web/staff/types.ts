import type { EscalationReason, Status, TranscriptMessage } from '../../core/conversation.js';
import type { Lang } from '../../core/language.js';
import type { ChannelId } from '../../core/message.js';
import type { Intake, StaffRole } from '../../core/staff.js';

/** What the staff API returns (src/http/routes/staff-api.ts); the page reads nothing else. */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  languages: Lang[];
  teams: string[];
}

export interface ConversationSummary {
  id: string;
  channel: ChannelId;
  lang: Lang | null;
  topic: string | null;
  team: string | null;
  status: Status;
  assignee: string | null;
  escalation: EscalationReason | null;
  interpreter: boolean;
  intake: Intake | null;
  updatedAt: string;
  waitingSeconds: number;
  unreachable: { reason: string; at: string } | null;
}

export type Message = TranscriptMessage;

export interface ConversationDetail {
  conversation: ConversationSummary;
  messages: Message[];
}

export interface Colleague {
  id: string;
  name: string;
  teams: string[];
  languages: Lang[];
}

export interface KbResult {
  entry: string;
  title: string;
  answer: string;
}
