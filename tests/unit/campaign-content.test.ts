import { describe, expect, it } from 'vitest';
import { campaignConfig } from '../../src/campaigns/settings.js';
import { pickLang, templateParameter } from '../../src/campaigns/content.js';

describe('announcement language', () => {
  it('gives the reader their language, else the closest written one', () => {
    expect(pickLang({ uk: 'a', en: 'b' }, 'uk')).toBe('uk');
    expect(pickLang({ ru: 'a', en: 'b' }, 'uk')).toBe('ru');
    expect(pickLang({ cs: 'a', en: 'b' }, 'vi')).toBe('en');
    expect(pickLang({ cs: 'a' }, 'vi')).toBe('cs');
    expect(pickLang({ cs: '  ' }, 'cs')).toBeNull();
  });

  it('flattens a text into one template parameter of at most 1000 characters', () => {
    expect(templateParameter('**Nové kurzy**\n\n- leden\n- únor\n[Přihláška](https://example.org/a)')).toBe('Nové kurzy · leden · únor · Přihláška https://example.org/a');
    const long = templateParameter('x'.repeat(2000));
    expect(Array.from(long)).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
    expect(templateParameter('a\tb\n\nc')).not.toMatch(/[\n\t]/);
  });
});

describe('campaign settings', () => {
  const parse = (env: Record<string, string>) => {
    const problems: string[] = [];
    const config = campaignConfig((n) => env[n], problems);
    return { config, problems };
  };

  it('has defaults that leave Telegram room for the bot', () => {
    const { config, problems } = parse({});
    expect(problems).toEqual([]);
    expect(config.topics).toEqual(['centre', 'czech', 'events', 'residence']);
    expect(config.ratePerSecond.telegram).toBeLessThan(30);
    expect(config.maxAttempts).toBe(5);
    expect(config.whatsappTemplateParam).toBe('none');
  });

  it('names the setting and what it allows', () => {
    expect(parse({ CAMPAIGN_TOPICS: 'news, Bad Topic' }).problems[0]).toContain('CAMPAIGN_TOPICS');
    expect(parse({ CAMPAIGN_RATE_TELEGRAM: '0' }).problems[0]).toBe('CAMPAIGN_RATE_TELEGRAM="0": must be a whole number from 1 to 1000');
    expect(parse({ CAMPAIGN_WHATSAPP_TEMPLATE_PARAM: 'body' }).problems[0]).toContain('none or text');
    expect(parse({ CAMPAIGN_TOPICS: 'news,jobs,news' }).config.topics).toEqual(['news', 'jobs']);
  });
});
