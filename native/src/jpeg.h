// JPEG coding over libjpeg-turbo with TF 1.15's settings (native/src/jpeg.cc).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sf {

struct JpegDecodeFlags {
  int components = 0;           // 0 (the file's, CMYK as RGB), 1 or 3
  int ratio = 1;                // 1, 2, 4 or 8
  bool fancyUpscaling = true;
  bool recover = false;         // try_recover_truncated
  float acceptableFraction = 1.0f;
  bool fastDct = false;         // true: JDCT_IFAST (TF's default, and INTEGER_FAST); false: JDCT_ISLOW (INTEGER_ACCURATE)
  bool crop = false;
  int cropY = 0, cropX = 0, cropHeight = 0, cropWidth = 0;
};

struct JpegImage {
  bool ok = false;
  int height = 0, width = 0, components = 0;
  std::vector<uint8_t> pixels;
};

struct JpegEncodeFlags {
  int quality = 95;
  bool progressive = false;
  bool optimizeSize = false;
  bool chromaDownsampling = true;
  int densityUnit = 1;          // 1: dots per inch, 2: per cm
  int xDensity = 300, yDensity = 300;
  const uint8_t* xmp = nullptr;
  size_t xmpSize = 0;
};

/** TF's Uncompress: ok is false where TF returns no image (bad data, bad crop window, too few rows read). */
JpegImage jpegDecode(const uint8_t* data, size_t size, const JpegDecodeFlags& flags);
/** TF's Compress of a height x width x components (1 or 3) image. */
bool jpegEncode(const uint8_t* pixels, int height, int width, int components, const JpegEncodeFlags& flags, std::vector<uint8_t>* out);
/** TF's GetImageInfo: dims = height, width, components from the header. */
bool jpegInfo(const uint8_t* data, size_t size, int* dims);

}  // namespace sf
