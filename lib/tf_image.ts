/**
 * The `tf.image` namespace of TF 1.15: resizing, flips, crops and pads, colour and dtype conversion,
 * image statistics, PNG and BMP coding and GIF decoding (lib/ops/image_ops.ts), JPEG coding and decode_image (lib/ops/jpeg_ops.ts), and `random_crop`. Re-exports only.
 */
export {
  ResizeMethod, resize_images, resize, resize_bilinear, resize_nearest_neighbor, resize_bicubic, resize_area,
  flip_left_right, flip_up_down, random_flip_left_right, random_flip_up_down, transpose_image, transpose_image as transpose, rot90,
  crop_to_bounding_box, pad_to_bounding_box, resize_image_with_crop_or_pad, resize_image_with_pad, central_crop,
  convert_image_dtype, adjust_brightness, adjust_contrast, random_brightness, random_contrast, per_image_standardization,
  rgb_to_grayscale, grayscale_to_rgb, rgb_to_hsv, hsv_to_rgb, adjust_saturation, adjust_hue,
  image_gradients, total_variation, decode_png, decode_gif, decode_bmp, encode_png, random_hue, random_saturation,
  rgb_to_yiq, yiq_to_rgb, rgb_to_yuv, yuv_to_rgb, psnr, non_max_suppression, non_max_suppression_padded, non_max_suppression_overlaps,
  crop_and_resize, draw_bounding_boxes, ssim, is_jpeg, sample_distorted_bounding_box,
} from './ops/image_ops';
export { decode_jpeg, decode_and_crop_jpeg, encode_jpeg, extract_jpeg_shape, decode_image, adjust_jpeg_quality, random_jpeg_quality } from './ops/jpeg_ops';
export type { CropAndResizeOptions, SampleDistortedBoundingBoxOptions, ResizeImagesOptions, ResizeMethodValue } from './ops/image_ops';
export { random_crop } from './ops/random_ops';
