// Imported before the library, since OpenBLAS reads its settings once, when the addon loads it.
// A machine's environment may force OpenBLAS's kernels (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE: seen set to an older
// core type than the CPU's); the GEMM comparison runs numpy and the addon under one setting, OpenBLAS's own
// choice for the CPU, so both lose them.
const FORCED = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

/** The forced OpenBLAS settings taken out of this process's environment (and so out of numpy's), as `NAME=value`. */
export const clearedBlasSettings: readonly string[] = FORCED.filter((k) => process.env[k] !== undefined).map((k) => {
  const setting = `${k}=${process.env[k]}`;
  delete process.env[k];
  return setting;
});
