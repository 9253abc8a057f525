package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.sdk.io.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes raw maps and masks as grey PNG images for inspection: {@code raw-000000.png} and {@code mask-000000.png}
 * in a folder under the run's outputs, numbered by a running image index. Each file is written atomically
 * ({@link OutputFiles#writeGreyPng}), so that a reader never sees half an image. Raw maps are min-max scaled per image;
 * masks map [0,1] to [0,255].
 */
public final class MaskSnapshots {

    private final ExtensionContext context;
    private final String folderName;
    private Path folder;
    private long nextIndex;

    private MaskSnapshots(ExtensionContext context, String folderName) {
        this.context = context;
        this.folderName = folderName;
    }

    /** Snapshots into the named output folder, or none when {@code folderName} is empty. */
    public static Optional<MaskSnapshots> of(Optional<String> folderName, ExtensionContext context) {
        return folderName.filter(name -> !name.isBlank()).map(name -> new MaskSnapshots(context, name));
    }

    /** Saves the raw map (when present) and the mask of every image of a batch. */
    public synchronized void save(NDArray rawMapOrNull, NDArray mask) {
        try {
            if (folder == null) {
                folder = context.outputs().folder(folderName);
            }
            int n = (int) mask.getShape().get(0);
            float[][] raws = rawMapOrNull == null ? null : perImage(rawMapOrNull);
            float[][] masks = perImage(mask);
            Shape shape = mask.getShape();
            int h = (int) shape.get(2);
            int w = (int) shape.get(3);
            for (int i = 0; i < n; i++) {
                String number = String.format("%06d", nextIndex++);
                if (raws != null) {
                    Shape rawShape = rawMapOrNull.getShape();
                    OutputFiles.writeGreyPng(
                            scaledToUnit(raws[i]),
                            (int) rawShape.get(2),
                            (int) rawShape.get(3),
                            folder.resolve("raw-" + number + ".png"));
                }
                OutputFiles.writeGreyPng(masks[i], h, w, folder.resolve("mask-" + number + ".png"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write region snapshots to " + folderName, e);
        }
    }

    private static float[][] perImage(NDArray map) {
        Shape shape = map.getShape();
        int n = (int) shape.get(0);
        int pixels = (int) (shape.size() / n);
        float[] all = map.stopGradient().toType(DataType.FLOAT32, true).toFloatArray();
        float[][] out = new float[n][pixels];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * pixels, out[i], 0, pixels);
        }
        return out;
    }

    private static float[] scaledToUnit(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = range > 0 ? (values[i] - min) / range : 0f;
        }
        return out;
    }
}
