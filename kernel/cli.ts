import { InstallTarget, installKernelSpec, jupyterPython } from './kernelspec';

const USAGE = `usage:
  scopeflow install [--user | --prefix DIR | --sys-prefix]   register the "scopeflow" Jupyter kernelspec
                                                          (default --user; --sys-prefix uses $SCOPEFLOW_PYTHON
                                                          or /usr/bin/python3 to find sys.prefix)
  scopeflow kernel <connection_file>                      run the kernel (Jupyter calls this)
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseInstallTarget(args: string[]): InstallTarget {
  let target: InstallTarget | undefined;
  const set = (next: InstallTarget): void => {
    if (target) throw new UsageError('choose only one of --user, --prefix DIR, --sys-prefix');
    target = next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--user') set({ kind: 'user' });
    else if (arg === '--sys-prefix') set({ kind: 'sys-prefix', python: jupyterPython() });
    else if (arg === '--prefix') {
      const prefix = args[++i];
      if (!prefix || prefix.startsWith('--')) throw new UsageError('--prefix needs a directory');
      set({ kind: 'prefix', prefix });
    } else if (arg.startsWith('--prefix=')) set({ kind: 'prefix', prefix: arg.slice('--prefix='.length) });
    else throw new UsageError(`unknown install option ${JSON.stringify(arg)}`);
  }
  return target ?? { kind: 'user' };
}

/** Runs the CLI; returns the exit code (the kernel command resolves only when the kernel stops). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'install': {
        const dir = installKernelSpec(parseInstallTarget(rest));
        process.stdout.write(`Installed the scopeflow kernelspec in ${dir}\n`);
        return 0;
      }
      case 'kernel': {
        if (rest.length !== 1) throw new UsageError('kernel needs exactly one argument: the connection file');
        const { runKernel } = await import('./main');
        await runKernel(rest[0]);
        return -1;
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    const error = e as Error;
    process.stderr.write(`scopeflow: ${error.message}\n`);
    if (error instanceof UsageError) process.stderr.write(USAGE);
    return error instanceof UsageError ? 2 : 1;
  }
}
