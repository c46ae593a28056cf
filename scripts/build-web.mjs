// Bundles the browser code of the web chat (src/web) into OUTDIR (default dist/web):
// chat.js + chat.css for the /chat page, widget.js for other sites. Prints the gzipped sizes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist/web';
await build({
  entryPoints: { chat: 'src/web/chat/main.ts', widget: 'src/web/widget/widget.ts', staff: 'src/web/staff/main.ts', admin: 'src/web/admin/main.ts', announcements: 'src/web/announcements/main.ts' },
  bundle: true,
  minify: true,
  format: 'iife',
  // Browsers of 2020 on (Safari 14, Chrome 80): phones a few years old.
  target: 'es2020',
  outdir,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({ entryPoints: { chat: 'src/web/chat/chat.css', staff: 'src/web/staff/staff.css', admin: 'src/web/admin/admin.css', announcements: 'src/web/announcements/announcements.css' }, bundle: true, minify: true, target: ['safari14', 'chrome80'], outdir, logLevel: 'warning' });

if (!process.argv.includes('--quiet')) {
  for (const file of ['widget.js', 'chat.js', 'chat.css', 'staff.js', 'staff.css', 'admin.js', 'admin.css', 'announcements.js', 'announcements.css']) {
    const body = readFileSync(join(outdir, file));
    process.stdout.write(`${file.padEnd(10)} ${String(body.length).padStart(7)} B, gzipped ${String(gzipSync(body, { level: 9 }).length).padStart(6)} B\n`);
  }
}
