/**
 * The launcher's style, inside its shadow root: the host page's rules cannot reach in and ours
 * cannot leak out. `all: initial` also stops inherited host styles (fonts, colours, direction).
 */
export const WIDGET_STYLE = `
:host{all:initial}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;box-sizing:border-box;width:60px;height:60px;margin:0;padding:0;border:0;border-radius:50%;background:#0b4f8a;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;display:flex;align-items:center;justify-content:center}
.launcher:hover{background:#083b68}
.launcher:focus-visible{outline:3px solid #0b4f8a;outline-offset:3px;box-shadow:0 0 0 3px #fff}
.launcher svg{display:block;width:28px;height:28px}
.launcher .i-close,.launcher[aria-expanded=true] .i-chat{display:none}
.launcher[aria-expanded=true] .i-close{display:block}
.panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 112px));border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.3)}
.panel[hidden]{display:none}
iframe{display:block;width:100%;height:100%;border:0}
@media (max-width:600px){.panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;border-radius:0}.launcher[aria-expanded=true]{display:none}}
@media (prefers-reduced-motion:no-preference){.panel{animation:cz-in .18s ease-out}}
@keyframes cz-in{from{opacity:0;transform:translateY(12px)}}
@media print{.launcher,.panel{display:none}}
`;
