package dev.focusnfix.nn.pipeline;

/**
 * SDXL's micro-conditioning on the training image's size and crop: the UNet's {@code time_ids} are
 * {@code [originalHeight, originalWidth, cropTop, cropLeft, targetHeight, targetWidth]}, the target being the size
 * being generated. By default the original size is the target size and the crop is zero, as diffusers does.
 *
 * @param originalHeight original image height in pixels, or 0 for the target height
 * @param originalWidth original image width in pixels, or 0 for the target width
 * @param cropTop top crop coordinate
 * @param cropLeft left crop coordinate
 */
public record SizeConditioning(int originalHeight, int originalWidth, int cropTop, int cropLeft) {

    /** Original size = target size, no crop. */
    public static final SizeConditioning DEFAULT = new SizeConditioning(0, 0, 0, 0);

    /** Checks the values. */
    public SizeConditioning {
        if (originalHeight < 0 || originalWidth < 0 || cropTop < 0 || cropLeft < 0) {
            throw new IllegalArgumentException("size conditioning values must be >= 0");
        }
    }

    /** The six {@code time_ids} for an image of {@code height x width} pixels. */
    public float[] timeIds(int height, int width) {
        return new float[] {
            originalHeight == 0 ? height : originalHeight,
            originalWidth == 0 ? width : originalWidth,
            cropTop,
            cropLeft,
            height,
            width
        };
    }
}
