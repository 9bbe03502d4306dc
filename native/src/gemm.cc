// Matrix products through OpenBLAS (the BLAS numpy uses on Debian), which runs its own threads.
#include <cblas.h>
#include "kernels.h"

namespace sf {

namespace {
void gemmOne(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool ta, bool tb) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
              ta ? m : k, b, tb ? k : n, 0.0f, c, n);
}
void gemmOne(const double* a, const double* b, double* c, int64_t m, int64_t n, int64_t k, bool ta, bool tb) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a,
              ta ? m : k, b, tb ? k : n, 0.0, c, n);
}
}  // namespace

template <typename T>
void gemm(const T* a, const T* b, T* c, int64_t batch, int64_t m, int64_t n, int64_t k, bool ta, bool tb,
          const int64_t* aOffsets, const int64_t* bOffsets) {
  if (k == 0) {   // BLAS leaves C untouched when k is 0; the product of empty sums is zero
    for (int64_t i = 0; i < batch * m * n; i++) c[i] = 0;
    return;
  }
  for (int64_t i = 0; i < batch; i++) {
    const T* ai = a + (aOffsets ? aOffsets[i] : i * m * k);
    const T* bi = b + (bOffsets ? bOffsets[i] : i * k * n);
    gemmOne(ai, bi, c + i * m * n, m, n, k, ta, tb);
  }
}

template void gemm<float>(const float*, const float*, float*, int64_t, int64_t, int64_t, int64_t, bool, bool, const int64_t*, const int64_t*);
template void gemm<double>(const double*, const double*, double*, int64_t, int64_t, int64_t, int64_t, bool, bool, const int64_t*, const int64_t*);

}  // namespace sf
