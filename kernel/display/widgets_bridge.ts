import * as fs from 'fs';
import * as path from 'path';
import type { CommManager } from '../comm/comm_manager';
import type { DisplayRegistry, MimeRenderer } from './display_registry';

/**
 * Connects widgets/ (built to dist/widgets) to the kernel when it is present: its
 * `toMimeBundle(value)` becomes a display renderer, and an optional `setCommRegistry(comms)`
 * receives the kernel's comm registry. Loaded by path at run time because the kernel must also
 * run when widgets/ has not been built.
 */
export function connectWidgets(registry: DisplayRegistry, comms: CommManager, widgetsEntry = path.resolve(__dirname, '../../widgets/index.js')): string | undefined {
  if (!fs.existsSync(widgetsEntry)) return undefined;
  let widgets: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    widgets = require(widgetsEntry) as Record<string, unknown>;
  } catch (e) {
    return `widgets could not be loaded from ${widgetsEntry}: ${(e as Error).message}`;
  }
  const toMimeBundle = widgets.toMimeBundle;
  if (typeof toMimeBundle === 'function') registry.register('widgets', toMimeBundle as MimeRenderer);
  const setCommRegistry = widgets.setCommRegistry;
  if (typeof setCommRegistry === 'function') (setCommRegistry as (comms: CommManager) => void)(comms);
  return undefined;
}
