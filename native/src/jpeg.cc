// JPEG coding over libjpeg-turbo (Debian's libjpeg62-turbo), with the settings TF 1.15's DecodeJpeg,
// DecodeAndCropJpeg, EncodeJpeg and ExtractJpegShape use, so decoded pixels match TF's byte for byte.
// Every entry point reports failure by returning null (the JS side raises TF's error text); libjpeg's
// fatal errors come back here through longjmp, so no C++ object with a destructor lives across a setjmp.
#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstdlib>
#include <cstring>
#include <vector>
#include "jpeg.h"
extern "C" {
#include <jpeglib.h>
#include <jerror.h>
}

namespace sf {
namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  jmp_buf jump;
};

void onFatal(j_common_ptr cinfo) { longjmp(reinterpret_cast<ErrorManager*>(cinfo->err)->jump, 1); }
void quiet(j_common_ptr) {}

// A memory source like TF's: at the end of the data it either stops (the decoder suspends, so the rows
// not read count as missing) or, when recovering truncated files, supplies one end-of-image marker.
struct Source {
  jpeg_source_mgr pub;
  const JOCTET* data;
  size_t size;
  bool recover;
  bool endGiven;   // the one end-of-image marker has been supplied
};
const JOCTET kEndOfImage[2] = {0xFF, JPEG_EOI};

void initSource(j_decompress_ptr) {}
boolean fillInput(j_decompress_ptr cinfo) {
  Source* src = reinterpret_cast<Source*>(cinfo->src);
  if (src->pub.bytes_in_buffer == 0 && src->pub.next_input_byte == src->data) {
    ERREXIT(cinfo, JERR_INPUT_EMPTY);
    return FALSE;
  }
  if (!src->recover) return FALSE;
  // Recovering: one end-of-image marker, then a read error (never a call that supplies nothing, which
  // libjpeg would repeat forever).
  if (!src->endGiven) {
    src->endGiven = true;
    WARNMS(cinfo, JWRN_JPEG_EOF);
    src->pub.next_input_byte = kEndOfImage;
    src->pub.bytes_in_buffer = 2;
    return TRUE;
  }
  ERREXIT(cinfo, JERR_FILE_READ);
  return FALSE;
}
void skipInput(j_decompress_ptr cinfo, long count) {
  Source* src = reinterpret_cast<Source*>(cinfo->src);
  if (count <= 0) return;
  if (size_t(count) > src->pub.bytes_in_buffer) {
    src->pub.next_input_byte += src->pub.bytes_in_buffer;
    src->pub.bytes_in_buffer = 0;
  } else {
    src->pub.next_input_byte += count;
    src->pub.bytes_in_buffer -= count;
  }
}
void termSource(j_decompress_ptr) {}

void setSource(j_decompress_ptr cinfo, Source* src, const uint8_t* data, size_t size, bool recover) {
  src->pub.init_source = initSource;
  src->pub.fill_input_buffer = fillInput;
  src->pub.skip_input_data = skipInput;
  src->pub.resync_to_restart = jpeg_resync_to_restart;
  src->pub.term_source = termSource;
  src->pub.next_input_byte = data;
  src->pub.bytes_in_buffer = size;
  src->data = data;
  src->size = size;
  src->recover = recover;
  src->endGiven = false;
  cinfo->src = &src->pub;
}

// The state one decode shares with its longjmp target: plain data only.
struct DecodeState {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  Source src;
  uint8_t* out = nullptr;       // malloc'd, height * width * components
  uint8_t* line = nullptr;      // malloc'd scan line (CMYK or MCU-aligned crop)
  int height = 0, width = 0, components = 0, rowsRead = 0;
};

// Decodes into st->out; false where TF's Uncompress returns null before the fraction check.
bool decodeLow(DecodeState* st, const uint8_t* data, size_t size, const JpegDecodeFlags& f) {
  jpeg_decompress_struct& cinfo = st->cinfo;
  if (!(f.ratio == 1 || f.ratio == 2 || f.ratio == 4 || f.ratio == 8)) return false;
  if (!(f.components == 0 || f.components == 1 || f.components == 3)) return false;
  if (size == 0) return false;
  cinfo.err = jpeg_std_error(&st->err.pub);
  st->err.pub.error_exit = onFatal;
  st->err.pub.output_message = quiet;
  if (setjmp(st->err.jump)) return false;
  jpeg_create_decompress(&cinfo);
  setSource(&cinfo, &st->src, data, size, f.recover);
  if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) return false;
  int components = f.components == 0 ? (cinfo.num_components < 3 ? cinfo.num_components : 3) : f.components;
  if (components == 1) cinfo.out_color_space = JCS_GRAYSCALE;
  else if (components == 3) cinfo.out_color_space = (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) ? JCS_CMYK : JCS_RGB;
  else return false;
  cinfo.do_fancy_upsampling = f.fancyUpscaling ? TRUE : FALSE;
  cinfo.scale_num = 1;
  cinfo.scale_denom = f.ratio;
  cinfo.dct_method = f.fastDct ? JDCT_IFAST : JDCT_ISLOW;
  jpeg_calc_output_dimensions(&cinfo);
  if (int64_t(cinfo.output_width) <= 0 || int64_t(cinfo.output_height) <= 0) return false;
  if (int64_t(cinfo.output_height) * cinfo.output_width * cinfo.num_components >= (int64_t(1) << 29)) return false;
  if (f.crop) {
    if (f.cropHeight <= 0 || f.cropWidth <= 0 || f.cropX < 0 || f.cropY < 0 ||
        int64_t(f.cropX) + f.cropWidth > int64_t(cinfo.output_width) || int64_t(f.cropY) + f.cropHeight > int64_t(cinfo.output_height)) {
      return false;
    }
  }
  jpeg_start_decompress(&cinfo);
  const bool cmyk = cinfo.out_color_space == JCS_CMYK;
  JDIMENSION width = cinfo.output_width, height = cinfo.output_height, skipped = 0;
  int alignOffset = 0;   // where the crop's first column lies in an MCU-aligned scan line
  if (f.crop) {
    JDIMENSION xoffset = f.cropX, cropWidth = f.cropWidth;
    jpeg_crop_scanline(&cinfo, &xoffset, &cropWidth);
    alignOffset = (f.cropX - int(xoffset)) * (cmyk ? 4 : components);
    width = f.cropWidth;
    height = f.cropHeight;
    if (f.cropY > 0) skipped = jpeg_skip_scanlines(&cinfo, f.cropY);
    if (skipped != JDIMENSION(f.cropY)) return false;
  }
  const bool realign = width != cinfo.output_width;
  st->height = int(height);
  st->width = int(width);
  st->components = components;
  const size_t stride = size_t(width) * components;
  st->out = static_cast<uint8_t*>(std::malloc(stride * height));
  if (!st->out) return false;
  if (cmyk) st->line = static_cast<uint8_t*>(std::malloc(size_t(cinfo.output_width) * 4));
  else if (realign) st->line = static_cast<uint8_t*>(std::malloc(size_t(cinfo.output_width) * components));
  if ((cmyk || realign) && !st->line) return false;
  st->rowsRead = int(height);
  bool complete = true;
  const JDIMENSION last = skipped + height;
  uint8_t* row = st->out;
  while (cinfo.output_scanline < last) {
    JSAMPROW target = (cmyk || realign) ? st->line : row;
    const JDIMENSION got = jpeg_read_scanlines(&cinfo, &target, 1);
    if (got == 0) {
      if (!f.recover) {
        st->rowsRead = int(cinfo.output_scanline - skipped);
        complete = false;
      } else {
        for (JDIMENSION y = cinfo.output_scanline; y < last; y++, row += stride) {
          if (y == skipped) std::memset(row, 0, stride);
          else std::memcpy(row, row - stride, stride);
        }
        cinfo.output_scanline = last;
      }
      break;
    }
    if (cmyk) {
      for (JDIMENSION x = 0; x < width; x++) {
        const uint8_t* p = st->line + 4 * x + (realign ? alignOffset : 0);
        const int c = p[0], m = p[1], y = p[2], k = p[3];
        if (cinfo.saw_Adobe_marker) {
          row[3 * x] = uint8_t(k * c / 255); row[3 * x + 1] = uint8_t(k * m / 255); row[3 * x + 2] = uint8_t(k * y / 255);
        } else {
          row[3 * x] = uint8_t((255 - k) * (255 - c) / 255);
          row[3 * x + 1] = uint8_t((255 - k) * (255 - m) / 255);
          row[3 * x + 2] = uint8_t((255 - k) * (255 - y) / 255);
        }
      }
    } else if (realign) {
      std::memcpy(row, st->line + alignOffset, stride);
    }
    row += stride;
  }
  if (complete && f.crop && cinfo.output_scanline < cinfo.output_height) {
    jpeg_skip_scanlines(&cinfo, cinfo.output_height - cinfo.output_scanline);
  }
  const bool paramsOk = components == 1 ? cinfo.output_components == 1 : cinfo.output_components == (cmyk ? 4 : 3);
  if (complete && paramsOk) jpeg_finish_decompress(&cinfo);
  else jpeg_abort(reinterpret_cast<j_common_ptr>(&cinfo));
  return true;
}

}  // namespace

JpegImage jpegDecode(const uint8_t* data, size_t size, const JpegDecodeFlags& flags) {
  DecodeState* st = new DecodeState();
  const bool ok = decodeLow(st, data, size, flags);
  jpeg_destroy_decompress(&st->cinfo);
  std::free(st->line);
  JpegImage result;
  const float fraction = st->height == 0 ? 1.0f : float(st->rowsRead) / float(st->height);
  const float needed = flags.acceptableFraction < 1.0f ? flags.acceptableFraction : 1.0f;
  if (ok && fraction >= needed) {
    const size_t stride = size_t(st->width) * st->components;
    // Rows that could not be read are black.
    std::memset(st->out + size_t(st->rowsRead) * stride, 0, size_t(st->height - st->rowsRead) * stride);
    result.pixels.assign(st->out, st->out + stride * st->height);
    result.height = st->height;
    result.width = st->width;
    result.components = st->components;
    result.ok = true;
  }
  std::free(st->out);
  delete st;
  return result;
}

namespace {
struct EncodeState {
  jpeg_compress_struct cinfo;
  ErrorManager err;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
};

bool encodeLow(EncodeState* st, const uint8_t* pixels, int height, int width, int components, const JpegEncodeFlags& f) {
  jpeg_compress_struct& cinfo = st->cinfo;
  cinfo.err = jpeg_std_error(&st->err.pub);
  st->err.pub.error_exit = onFatal;
  st->err.pub.output_message = quiet;
  if (setjmp(st->err.jump)) return false;
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &st->buffer, &st->size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = components;
  cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  if (f.optimizeSize) cinfo.optimize_coding = TRUE;
  cinfo.density_unit = UINT8(f.densityUnit);
  cinfo.X_density = UINT16(f.xDensity);
  cinfo.Y_density = UINT16(f.yDensity);
  jpeg_set_quality(&cinfo, f.quality, TRUE);
  if (f.progressive) jpeg_simple_progression(&cinfo);
  if (!f.chromaDownsampling) {
    for (int i = 0; i < cinfo.num_components; i++) {
      cinfo.comp_info[i].h_samp_factor = 1;
      cinfo.comp_info[i].v_samp_factor = 1;
    }
  }
  jpeg_start_compress(&cinfo, TRUE);
  if (f.xmpSize > 0) {
    // XMP travels in an APP1 marker after Adobe's namespace, NUL-terminated.
    static const char kNamespace[] = "http://ns.adobe.com/xap/1.0/";
    const size_t prefix = sizeof(kNamespace);   // with its NUL
    const size_t length = prefix + f.xmpSize;
    if (length > 65533) return false;
    JOCTET* packet = static_cast<JOCTET*>((*cinfo.mem->alloc_small)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE, length));
    std::memcpy(packet, kNamespace, prefix);
    std::memcpy(packet + prefix, f.xmp, f.xmpSize);
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, packet, unsigned(length));
  }
  const size_t stride = size_t(width) * components;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(pixels + size_t(cinfo.next_scanline) * stride);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  return true;
}
}  // namespace

bool jpegEncode(const uint8_t* pixels, int height, int width, int components, const JpegEncodeFlags& flags, std::vector<uint8_t>* out) {
  if (components != 1 && components != 3) return false;
  if (width <= 0 || height <= 0) return false;
  EncodeState* st = new EncodeState();
  const bool ok = encodeLow(st, pixels, height, width, components, flags);
  jpeg_destroy_compress(&st->cinfo);
  if (ok) out->assign(st->buffer, st->buffer + st->size);
  std::free(st->buffer);
  delete st;
  return ok;
}

namespace {
struct InfoState {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  Source src;
};
bool infoLow(InfoState* st, const uint8_t* data, size_t size, int* dims) {
  st->cinfo.err = jpeg_std_error(&st->err.pub);
  st->err.pub.error_exit = onFatal;
  st->err.pub.output_message = quiet;
  if (setjmp(st->err.jump)) return false;
  jpeg_create_decompress(&st->cinfo);
  setSource(&st->cinfo, &st->src, data, size, false);
  if (jpeg_read_header(&st->cinfo, TRUE) != JPEG_HEADER_OK) return false;
  dims[0] = int(st->cinfo.image_height);
  dims[1] = int(st->cinfo.image_width);
  dims[2] = st->cinfo.num_components;
  return true;
}
}  // namespace

bool jpegInfo(const uint8_t* data, size_t size, int* dims) {
  if (size == 0) return false;
  InfoState* st = new InfoState();
  const bool ok = infoLow(st, data, size, dims);
  jpeg_destroy_decompress(&st->cinfo);
  delete st;
  return ok;
}

}  // namespace sf
