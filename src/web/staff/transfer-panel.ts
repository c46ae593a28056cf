import { h } from './dom.js';
import { teamName } from './format.js';
import type { Strings } from './strings.js';
import type { Colleague, Me } from './types.js';

/** The staff members and teams a conversation can go to (GET /api/staff/colleagues). */
export interface Directory {
  staff: Colleague[];
  teams: string[];
}

/**
 * Transfer to a team (back into its queue) or to a colleague (assigned to them): one select with
 * both, grouped, so that it reads the same with a keyboard, a screen reader and a thumb.
 */
export class TransferPanel {
  readonly root: HTMLFormElement;
  readonly toggle: HTMLButtonElement;
  private readonly select: HTMLSelectElement;

  constructor(
    s: Strings,
    private readonly directory: Directory,
    me: Me,
    go: (to: { team?: string; staffId?: string }) => Promise<void>,
  ) {
    this.select = h('select', { id: 'transfer-to' }, [
      h(
        'optgroup',
        { label: s.teams },
        directory.teams.map((t) => h('option', { value: `team:${t}`, text: teamName(s, t) })),
      ),
      h(
        'optgroup',
        { label: s.colleagues },
        directory.staff.filter((c) => c.id !== me.id).map((c) => h('option', { value: `staff:${c.id}`, text: c.languages.length > 0 ? `${c.name} (${c.languages.join(', ')})` : c.name })),
      ),
    ]);
    const cancel = h('button', { type: 'button', class: 'btn', text: s.cancel });
    this.root = h('form', { class: 'transfer', hidden: true, 'aria-label': s.transfer }, [
      h('label', { for: 'transfer-to', text: s.transferTo }),
      this.select,
      h('button', { type: 'submit', class: 'btn primary', text: s.transfer }),
      cancel,
    ]);
    this.toggle = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', 'aria-controls': 'transfer-form', text: s.transfer });
    this.root.id = 'transfer-form';
    this.toggle.addEventListener('click', () => (this.root.hidden ? this.show() : this.hide()));
    cancel.addEventListener('click', () => {
      this.hide();
      this.toggle.focus();
    });
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      const [kind, value] = this.select.value.split(/:(.*)/s);
      if (!value) return;
      void go(kind === 'team' ? { team: value } : { staffId: value }).then(() => this.hide());
    });
  }

  nameOf(id: string): string | null {
    return this.directory.staff.find((c) => c.id === id)?.name ?? null;
  }

  show(): void {
    this.root.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.select.focus();
  }

  hide(): void {
    this.root.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }
}
