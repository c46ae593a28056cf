import { AppError } from '../../src/core/errors.js';
import type { Lang } from '../../src/core/language.js';
import type { Address, Channel, Content, SendResult } from '../../src/core/message.js';
import type { GraphApi } from './cloud-graph.js';
import { CLOUD_CAPABILITIES, toCloudPayloads } from './cloud-outbound.js';
import type { CustomerWindow, TemplateSetting } from './cloud-window.js';

export interface TemplateOptions {
  /** Values for the template body's {{1}}, {{2}}, ... in order. */
  parameters?: string[];
  /** A language code the template is approved in; the configured one by default. */
  lang?: string;
}

export interface CloudChannel extends Channel {
  /** Sends the configured approved template, which the 24-hour window does not restrict. */
  sendTemplate(to: Address, opts?: TemplateOptions): Promise<SendResult>;
}

export function cloudChannel(deps: { graph: GraphApi; window: CustomerWindow; template: TemplateSetting | null; listButton: (lang: Lang) => string }): CloudChannel {
  return {
    id: 'whatsapp',
    capabilities: CLOUD_CAPABILITIES,
    async send(to: Address, content: Content, lang: Lang): Promise<SendResult> {
      // Checked here rather than left to Meta: past the window the Graph API still answers 200
      // and the refusal comes later in a status callback, too late to tell staff.
      await deps.window.check(to.thread);
      let externalId: string | undefined;
      for (const payload of toCloudPayloads(content, deps.listButton(lang))) externalId = await deps.graph.send(to.thread, payload);
      return externalId ? { externalId } : {};
    },
    async sendTemplate(to: Address, opts: TemplateOptions = {}): Promise<SendResult> {
      const template = deps.template;
      if (!template) throw new AppError('BAD_CONFIG', 'no WhatsApp template is configured (WHATSAPP_TEMPLATE_NAME)');
      const parameters = opts.parameters ?? [];
      const externalId = await deps.graph.send(to.thread, {
        type: 'template',
        template: {
          name: template.name,
          language: { code: opts.lang ?? template.lang },
          ...(parameters.length > 0 ? { components: [{ type: 'body' as const, parameters: parameters.map((text) => ({ type: 'text' as const, text })) }] } : {}),
        },
      });
      return { externalId };
    },
  };
}
