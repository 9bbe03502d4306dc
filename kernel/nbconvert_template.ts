/**
 * The `scopeflow` nbconvert template: JupyterLab's HTML export with the widgets' libraries
 * (plotly.js, elkjs) inlined once in the page's head, so an exported notebook is one standalone file
 * whose graphs and plots are interactive offline, while the saved notebook itself carries none of
 * them. `nbconvert --to html --template scopeflow notebook.ipynb`; a plain `--to html` export shows
 * the static pictures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ASSETS, AssetName, assetScript } from '../widgets/assets';

export const TEMPLATE_NAME = 'scopeflow';

function libraryFile(name: AssetName): string {
  return `scopeflow-${name}.js`;
}

/** Writes the template under `<jupyter data dir>/nbconvert/templates/scopeflow`; returns that folder. */
export function installNbconvertTemplate(jupyterDataDir: string): string {
  const dir = path.join(jupyterDataDir, 'nbconvert', 'templates', TEMPLATE_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.json'), JSON.stringify({ base_template: 'lab', mimetypes: { 'text/html': true } }, null, 2) + '\n');
  const names = Object.keys(ASSETS) as AssetName[];
  for (const name of names) {
    // include_js wraps the file in <script>…</script> itself: store the script element's body.
    const script = assetScript(name);
    fs.writeFileSync(path.join(dir, libraryFile(name)), script.slice(script.indexOf('>') + 1, script.lastIndexOf('</script>')));
  }
  const includes = names.map((n) => `{{ resources.include_js(${JSON.stringify(libraryFile(n))}) }}`).join('\n');
  fs.writeFileSync(path.join(dir, 'index.html.j2'), `{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
{{ super() }}
${includes}
{%- endblock html_head_js -%}
`);
  return dir;
}
