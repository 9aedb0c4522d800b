// Build the widget from widget/src with the pinned esbuild: the loader (widget.js) and the call
// panel (panel-<hash>.js), minified, each also gzip- and brotli-compressed; a copy of the SDK
// bundle npm installed, with its twins (the app serves it from here, so an installed package
// needs no node_modules); a manifest naming them.
// Usage: node callgate/widget/build.mjs [OUT_DIR]   (default: callgate/widget/static/build). Deterministic.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const out = process.argv[2] || join(here, 'static', 'build');
const TARGET = ['es2018', 'chrome70', 'firefox68', 'safari12'];
const SDK_FILE = 'flashphoner-webrtc-only.min.js';
const sdkDir = join(here, '..', '..', 'node_modules', '@flashphoner', 'websdk');

async function css(file) {
  const result = await transform(readFileSync(join(src, file), 'utf8'), {
    loader: 'css', minify: true, target: TARGET
  });
  return JSON.stringify(result.code.trim());
}

async function bundle(entry, define) {
  const result = await build({
    entryPoints: [join(src, entry)], bundle: true, minify: true, format: 'iife',
    target: TARGET, write: false, legalComments: 'none', charset: 'utf8', define,
    // ES modules are strict; the IIFE they become must say so.
    banner: { js: '"use strict";' }
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function compress(name, code) {
  writeFileSync(join(out, name + '.gz'), gzipSync(code, { level: 9 }));
  const brotli = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length };
  writeFileSync(join(out, name + '.br'), brotliCompressSync(code, { params: brotli }));
}

function emit(name, code) {
  writeFileSync(join(out, name), code);
  compress(name, code);
}

const panel = await bundle('panel/index.js', { PANEL_CSS: await css('panel.css') });
const panelFile = `panel-${createHash('sha256').update(panel).digest('hex').slice(0, 12)}.js`;
const loader = await bundle('loader.js', {
  LOADER_CSS: await css('loader.css'), PANEL_FILE: JSON.stringify(panelFile)
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
emit('widget.js', loader);
emit(panelFile, panel);
// The app checks the copy against this integrity before it serves its twins.
const sdk = readFileSync(join(sdkDir, SDK_FILE));
const version = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).version;
emit(SDK_FILE, sdk);
const integrity = 'sha384-' + createHash('sha384').update(sdk).digest('base64');
const manifest = {
  loader: 'widget.js', panel: panelFile, sdk: { file: SDK_FILE, integrity, version }
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest) + '\n');
console.log(`widget: widget.js ${loader.length} B, ${panelFile} ${panel.length} B, SDK compressed`);
