import type { Announcement, DeliveryCounts, DeliveryStatus } from '../../core/campaigns.js';
import type { Lang } from '../../core/language.js';
import type { ChannelId } from '../../core/message.js';

export type { Announcement, DeliveryCounts, DeliveryStatus, Lang, ChannelId };

export interface Me {
  id: string;
  name: string;
  email: string;
  role: 'staff' | 'editor' | 'admin';
}

export interface AnnouncementView {
  announcement: Announcement;
  counts: DeliveryCounts;
  progress: { total: number; done: number };
  errors: { status: DeliveryStatus; error: string; count: number }[];
}

export interface Topic {
  id: string;
  labels: Record<Lang, string>;
  subscribers: number;
}

export interface Draft {
  name: string;
  texts: Partial<Record<Lang, string>>;
  topics: string[];
}

export interface Preview {
  texts: { lang: Lang; text: string }[];
  channels: { channel: ChannelId; style: string; lang: Lang; text: string; messages: number }[];
  audience: { total: number; byChannel: Partial<Record<ChannelId, number>>; byLang: { lang: Lang; count: number; gets: Lang | null }[]; unreachable: number };
  whatsapp: { subscribers: number; outsideWindow: number; template: string | null } | null;
  warnings: string[];
}
