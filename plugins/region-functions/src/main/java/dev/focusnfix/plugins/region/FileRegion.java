package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.pf4j.Extension;

/**
 * A fixed mask drawn by hand (or by another tool): a PNG or JPEG image whose grey value / 255 is the mask, resized
 * to each batch's image size by nearest neighbour and optionally thresholded. Every image gets the same mask. Colour
 * images are read as luma {@code 0.299 R + 0.587 G + 0.114 B}; alpha is ignored. The raw map is the resized grey
 * image.
 */
@Extension
public final class FileRegion implements RegionFunction<FileRegion.Options> {

    /**
     * Options.
     *
     * @param path the mask image, as a model reference (absolute, relative to the experiment, ...)
     * @param threshold grey values (in [0,1]) at least this large are in the region; empty keeps the grey values as
     *     a soft mask
     * @param saveTo output folder (under the run's outputs) for raw-map and mask PNGs; empty saves nothing
     */
    public record Options(
            @Doc("mask image (PNG or JPEG); white = region") String path,
            @Doc("grey values >= threshold are in the region; null keeps grey values as a soft mask")
                    @DefaultValue("0.5")
                    Optional<Float> threshold,
            @Doc("output folder for raw-map and mask PNGs (none when omitted)") Optional<String> saveTo) {

        /** Checks the path and fills omitted values. */
        public Options {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("path must name a mask image");
            }
            threshold = threshold == null ? Optional.empty() : threshold;
            threshold.ifPresent(t -> {
                if (!(t >= 0f && t <= 1f)) {
                    throw new IllegalArgumentException("threshold must be in [0, 1], got " + t);
                }
            });
            saveTo = saveTo == null ? Optional.empty() : saveTo;
        }
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public java.util.List<String> modelReferences(Options options) {
        return java.util.List.of(options.path());
    }

    @Override
    public String description() {
        return "a fixed mask image, the same for every image";
    }

    @Override
    public RegionMasker open(Options options, ExtensionContext context) throws IOException {
        Path file = context.models().resolve(options.path());
        GreyImage grey = GreyImage.read(file);
        Optional<MaskSnapshots> snapshots = MaskSnapshots.of(options.saveTo(), context);
        return (ImageBatch images, PromptBatch prompts, Reward reward) -> {
            int n = images.size();
            int h = images.height();
            int w = images.width();
            float[] resized = NearestResize.resize(grey.values(), grey.height(), grey.width(), h, w);
            Float threshold = options.threshold().orElse(null);
            float[] mask = threshold == null ? resized : new float[resized.length];
            if (threshold != null) {
                boolean[] selected = Thresholds.absolute(resized, threshold);
                for (int p = 0; p < resized.length; p++) {
                    mask[p] = selected[p] ? 1f : 0f;
                }
            }
            NDArray pixels = images.pixels();
            NDArray rawMap = batchOf(resized, n, h, w, pixels);
            NDArray maskArray = batchOf(mask, n, h, w, pixels);
            snapshots.ifPresent(s -> s.save(rawMap, maskArray));
            return new RegionResult(new Mask(maskArray), rawMap);
        };
    }

    /** {@code n} copies of one {@code h x w} map as {@code [n,1,h,w]} in the images' manager and type. */
    private static NDArray batchOf(float[] map, int n, int h, int w, NDArray pixels) {
        try (NDArray one = pixels.getManager().create(map, new Shape(1, 1, h, w))) {
            // repeat and toType(copy) give engine-owned memory, so the Java-backed array can be closed at once.
            NDArray repeated = one.repeat(0, n);
            if (repeated.getDataType() == pixels.getDataType()) {
                return repeated;
            }
            NDArray converted = repeated.toType(pixels.getDataType(), true);
            repeated.close();
            return converted;
        }
    }

    /** A grey image with values in [0,1], row-major. */
    record GreyImage(float[] values, int height, int width) {

        /** Reads a PNG or JPEG file. */
        static GreyImage read(Path file) throws IOException {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException("cannot read " + file + " as an image (PNG or JPEG expected)");
            }
            int h = image.getHeight();
            int w = image.getWidth();
            float[] values = new float[h * w];
            Raster raster = image.getRaster();
            boolean plainGrey = raster.getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel);
            if (plainGrey) {
                // Read the stored samples directly: going through getRGB would apply a colour-space conversion.
                double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        values[y * w + x] = (float) (raster.getSample(x, y, 0) / max);
                    }
                }
            } else {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = image.getRGB(x, y);
                        double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                        values[y * w + x] = (float) (luma / 255.0);
                    }
                }
            }
            return new GreyImage(values, h, w);
        }
    }
}
