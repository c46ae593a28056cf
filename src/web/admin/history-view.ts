import type { Ctx } from './context.js';
import { diffView } from './diff-view.js';
import { clear, h, when } from './dom.js';

/**
 * An entry's revisions, newest first: who, when, what changed (with the words added and removed),
 * and a button to restore any of them (which saves a new revision equal to it).
 */
export function historyView(ctx: Ctx, id: string, onRestored: (seq: number) => void): HTMLElement {
  const { s, api } = ctx;
  const status = h('p', { class: 'muted', role: 'status', text: s.loading });
  const list = h('ol', { class: 'history', reversed: true });
  const section = h('section', { class: 'history-section', 'aria-labelledby': 'history-heading' }, [h('h3', { id: 'history-heading', text: s.history }), status, list]);
  const restore = (target: string, btn: HTMLButtonElement): void => {
    btn.disabled = true;
    api.rollback(id, target).then(
      (r) => onRestored(r.revision.seq),
      (e: unknown) => {
        btn.disabled = false;
        status.textContent = e instanceof Error ? `${s.restoreFailed} ${e.message}` : s.restoreFailed;
      },
    );
  };
  api.history(id).then(
    ({ revisions, hasBaseline }) => {
      status.textContent = revisions.length === 0 ? s.noRevisions : '';
      clear(
        list,
        ...revisions.map((r, i) => {
          const toggle = h('button', { type: 'button', class: 'btn small', 'aria-expanded': 'false', text: s.showChanges });
          const body = h('div', { class: 'diff-host', hidden: true });
          toggle.addEventListener('click', () => {
            const open = toggle.getAttribute('aria-expanded') !== 'true';
            toggle.setAttribute('aria-expanded', String(open));
            body.hidden = !open;
            if (open && body.childElementCount === 0) {
              body.append(h('p', { class: 'muted', text: s.loading }));
              api.revision(r.id).then(
                (d) => clear(body, diffView(s, d.diffs, ctx.lang)),
                () => clear(body, h('p', { class: 'error', text: s.loadFailed })),
              );
            }
          });
          const restoreBtn = i === 0 ? null : h('button', { type: 'button', class: 'btn small', text: s.restoreThis(r.seq) });
          restoreBtn?.addEventListener('click', () => restore(r.id, restoreBtn));
          return h('li', { class: 'revision', value: r.seq }, [
            h('p', { class: 'rev-head' }, [
              h('strong', { text: `#${r.seq}` }),
              ` · ${when(r.at, ctx.lang)} · ${r.actorName} · `,
              h('span', { class: `badge ${r.action === 'rollback' ? 'info' : 'plain'}`, text: s.actionName[r.action] ?? r.action }),
              i === 0 ? h('span', { class: 'badge ok', text: s.current }) : null,
            ]),
            h('p', { class: 'rev-summary', text: r.summary }),
            h('div', { class: 'row' }, [toggle, restoreBtn]),
            body,
          ]);
        }),
      );
      if (hasBaseline && revisions.length > 0) {
        const btn = h('button', { type: 'button', class: 'btn small', text: s.restoreBaseline });
        btn.addEventListener('click', () => restore('baseline', btn));
        section.append(h('div', { class: 'row' }, [btn]));
      }
    },
    () => {
      status.textContent = s.loadFailed;
    },
  );
  return section;
}
